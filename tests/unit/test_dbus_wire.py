"""The D-Bus wire format the notifier speaks: types, alignment, addresses, partial reads."""

from __future__ import annotations

import pytest

from footcoach import dbus_wire
from footcoach.dbus_wire import Message


def test_split_types() -> None:
    assert dbus_wire.split_types("susssasa{sv}i") == ["s", "u", "s", "s", "s", "as", "a{sv}", "i"]
    assert dbus_wire.split_types("a(yv)aas") == ["a(yv)", "aas"]
    with pytest.raises(dbus_wire.WireError):
        dbus_wire.split_types("a(yv")


def test_a_notify_call_round_trips_with_its_unsigned_id() -> None:
    body = [
        "FootCoach",
        0,
        "icon",
        "Title",
        "Body é",
        ["start", "Start"],
        {"urgency": ("y", 1)},
        -1,
    ]
    call = Message(
        dbus_wire.METHOD_CALL,
        7,
        path="/org/freedesktop/Notifications",
        interface="org.freedesktop.Notifications",
        member="Notify",
        destination="org.freedesktop.Notifications",
        signature="susssasa{sv}i",
        body=body,
    )
    data = dbus_wire.encode(call)
    assert data[:4] == b"l\x01\x00\x01"
    decoded, length = dbus_wire.decode(data + b"extra") or (None, 0)
    assert length == len(data)
    assert decoded == call
    # The id went out as four bytes, unsigned: 0xFFFFFFFF survives, a negative does not fit.
    call.body[1] = 0xFFFFFFFF
    assert dbus_wire.decode(dbus_wire.encode(call))[0].body[1] == 0xFFFFFFFF  # type: ignore[index]


def test_a_message_split_across_reads_is_taken_whole() -> None:
    signal = Message(
        dbus_wire.SIGNAL,
        3,
        path="/org/freedesktop/Notifications",
        interface="org.freedesktop.Notifications",
        member="ActionInvoked",
        signature="us",
        body=[42, "start"],
    )
    data = dbus_wire.encode(signal) * 2
    buffer = bytearray(data[:20])
    assert list(dbus_wire.decode_all(buffer)) == []
    buffer += data[20:]
    assert [m.body for m in dbus_wire.decode_all(buffer)] == [[42, "start"], [42, "start"]]
    assert buffer == bytearray()


def test_addresses() -> None:
    assert dbus_wire.session_bus_path("unix:path=/run/user/1000/bus") == "/run/user/1000/bus"
    assert dbus_wire.session_bus_path("unix:abstract=/tmp/dbus-x,guid=1") == b"\0/tmp/dbus-x"
    assert dbus_wire.session_bus_path("tcp:host=x;unix:path=/a%20b") == "/a b"
    with pytest.raises(dbus_wire.WireError):
        dbus_wire.session_bus_path("tcp:host=localhost,port=1")


def test_authentication_names_the_user_in_hex() -> None:
    assert dbus_wire.auth_request(1000) == b"\0AUTH EXTERNAL 31303030\r\n"


def test_a_huge_or_big_endian_message_is_refused() -> None:
    with pytest.raises(dbus_wire.WireError):
        dbus_wire.decode(b"B" + bytes(15))
    huge = bytearray(dbus_wire.encode(Message(dbus_wire.SIGNAL, 1, path="/", member="x")))
    huge[4:8] = (1 << 30).to_bytes(4, "little")
    with pytest.raises(dbus_wire.WireError):
        dbus_wire.decode(bytes(huge))
