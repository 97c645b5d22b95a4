"""The D-Bus wire format, as much as desktop notifications need: plain Python, no Qt.

PySide6's QtDBus (6.11) cannot send an unsigned 32-bit integer: a Python int goes out as
``i`` (or ``x``), and ``QDBusArgument << int`` writes ``q``. The notification service's
``Notify`` takes ``replaces_id`` as ``u``, and the services check the signature (GDBus-based
ones such as dunst and GNOME Shell refuse the call; KDE's finds no such method). So the
notifier speaks the protocol itself over the session bus socket, on one connection that both
calls ``Notify`` and receives the ``ActionInvoked`` signal (which services send to the caller
alone). Little-endian messages only; no file descriptors; local sockets only.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

METHOD_CALL, METHOD_RETURN, ERROR, SIGNAL = 1, 2, 3, 4
NO_REPLY_EXPECTED = 0x1
_FIELDS = {1: "path", 2: "interface", 3: "member", 4: "error_name", 5: "reply_serial",
           6: "destination", 7: "sender", 8: "signature"}  # fmt: skip
_FIELD_TYPES = {1: "o", 2: "s", 3: "s", 4: "s", 5: "u", 6: "s", 7: "s", 8: "g"}
_FIXED = {"y": ("B", 1), "b": ("I", 4), "n": ("h", 2), "q": ("H", 2), "i": ("i", 4),
          "u": ("I", 4), "x": ("q", 8), "t": ("Q", 8), "d": ("d", 8), "h": ("I", 4)}  # fmt: skip
MAX_MESSAGE = 1 << 20  # far above what a notification service sends; more is a broken stream


class WireError(ValueError):
    """A message that does not follow the format (or a type this module does not handle)."""


@dataclass
class Message:
    """One D-Bus message."""

    kind: int
    serial: int
    path: str | None = None
    interface: str | None = None
    member: str | None = None
    error_name: str | None = None
    reply_serial: int | None = None
    destination: str | None = None
    sender: str | None = None
    signature: str = ""
    body: list[Any] = field(default_factory=list)
    flags: int = 0


def session_bus_path(address: str) -> str | bytes:
    """The socket of a ``unix:`` bus address (``path=`` or Linux ``abstract=``)."""
    for entry in address.split(";"):
        transport, _, params = entry.partition(":")
        if transport != "unix":
            continue
        keys = dict(part.split("=", 1) for part in params.split(",") if "=" in part)
        if "path" in keys:
            return _unescape(keys["path"])
        if "abstract" in keys:
            return b"\0" + _unescape(keys["abstract"]).encode()
    raise WireError(f"no local (unix:) socket in the bus address {address[:80]!r}")


def _unescape(value: str) -> str:
    out, i = bytearray(), 0
    raw = value.encode()
    while i < len(raw):
        if raw[i : i + 1] == b"%":
            out.append(int(raw[i + 1 : i + 3], 16))
            i += 3
        else:
            out.append(raw[i])
            i += 1
    return out.decode()


def auth_request(uid: int | None = None) -> bytes:
    """The opening of a connection: a zero byte and the EXTERNAL authentication by user id."""
    user = os.getuid() if uid is None else uid
    return b"\0AUTH EXTERNAL " + str(user).encode().hex().encode() + b"\r\n"


def split_types(signature: str) -> list[str]:
    """The complete types of a signature: ``"sa{sv}i"`` is ``["s", "a{sv}", "i"]``."""
    types, i = [], 0
    while i < len(signature):
        end = _type_end(signature, i)
        types.append(signature[i:end])
        i = end
    return types


def _type_end(signature: str, start: int) -> int:
    code = signature[start] if start < len(signature) else ""
    if code == "a":
        return _type_end(signature, start + 1)
    if code in "({":
        closing = ")" if code == "(" else "}"
        i = start + 1
        while i < len(signature) and signature[i] != closing:
            i = _type_end(signature, i)
        if i >= len(signature):
            raise WireError(f"unclosed {code} in signature {signature!r}")
        return i + 1
    if code and (code in _FIXED or code in "sogv"):
        return start + 1
    raise WireError(f"type {code!r} is not handled (signature {signature!r})")


def _alignment(type_code: str) -> int:
    if type_code in "({":
        return 8
    if type_code in "sa":
        return 4
    if type_code in "gvy":
        return 1
    return _FIXED[type_code][1]


class _Writer:
    def __init__(self) -> None:
        self.buf = bytearray()

    def pad(self, size: int) -> None:
        self.buf += b"\0" * (-len(self.buf) % size)

    def values(self, signature: str, values: Sequence[Any]) -> None:
        types = split_types(signature)
        if len(types) != len(values):
            raise WireError(f"{len(values)} values for signature {signature!r}")
        for type_code, value in zip(types, values, strict=True):
            self.value(type_code, value)

    def value(self, type_code: str, value: Any) -> None:
        code = type_code[0]
        if code in _FIXED:
            fmt, size = _FIXED[code]
            self.pad(size)
            self.buf += struct.pack("<" + fmt, int(value) if code != "d" else float(value))
        elif code in "so":
            data = str(value).encode()
            self.pad(4)
            self.buf += struct.pack("<I", len(data)) + data + b"\0"
        elif code == "g":
            data = str(value).encode()
            self.buf += struct.pack("<B", len(data)) + data + b"\0"
        elif code == "v":
            inner, inner_value = value
            self.value("g", inner)
            self.value(inner, inner_value)
        elif code == "a":
            self._array(type_code[1:], value)
        elif code in "({":
            self.pad(8)
            members = split_types(type_code[1:-1])
            for member, item in zip(members, value, strict=True):
                self.value(member, item)

    def _array(self, element: str, items: Any) -> None:
        self.pad(4)
        at = len(self.buf)
        self.buf += b"\0\0\0\0"
        self.pad(_alignment(element[0]))
        start = len(self.buf)
        entries = items.items() if element[0] == "{" else items
        for item in entries:
            self.value(element, item)
        self.buf[at : at + 4] = struct.pack("<I", len(self.buf) - start)


class _Reader:
    def __init__(self, data: bytes, offset: int = 0) -> None:
        self.data = data
        self.pos = offset

    def pad(self, size: int) -> None:
        self.pos += -self.pos % size

    def take(self, size: int) -> bytes:
        if self.pos + size > len(self.data):
            raise WireError("the message ends inside a value")
        chunk = self.data[self.pos : self.pos + size]
        self.pos += size
        return chunk

    def values(self, signature: str) -> list[Any]:
        return [self.value(type_code) for type_code in split_types(signature)]

    def value(self, type_code: str) -> Any:
        code = type_code[0]
        if code in _FIXED:
            fmt, size = _FIXED[code]
            self.pad(size)
            number = struct.unpack("<" + fmt, self.take(size))[0]
            return bool(number) if code == "b" else number
        if code in "so":
            self.pad(4)
            (length,) = struct.unpack("<I", self.take(4))
            text = self.take(length + 1)[:-1]
            return text.decode("utf-8", "replace")
        if code == "g":
            (length,) = struct.unpack("<B", self.take(1))
            return self.take(length + 1)[:-1].decode("ascii", "replace")
        if code == "v":
            inner = self.value("g")
            return (inner, self.value(inner))
        if code == "a":
            return self._array(type_code[1:])
        self.pad(8)
        members = split_types(type_code[1:-1])
        items = [self.value(member) for member in members]
        return tuple(items)

    def _array(self, element: str) -> Any:
        self.pad(4)
        (length,) = struct.unpack("<I", self.take(4))
        self.pad(_alignment(element[0]))
        end = self.pos + length
        if end > len(self.data):
            raise WireError("an array runs past the end of the message")
        items = []
        while self.pos < end:
            items.append(self.value(element))
        return dict(items) if element[0] == "{" else items


def encode(message: Message) -> bytes:
    """The bytes of ``message`` (little-endian)."""
    body = _Writer()
    if message.signature:
        body.values(message.signature, message.body)
    fields = []
    for code, name in _FIELDS.items():
        value = getattr(message, name)
        if value is not None and not (name == "signature" and not value):
            fields.append((code, (_FIELD_TYPES[code], value)))
    header = _Writer()
    header.buf += struct.pack(
        "<BBBBII", ord("l"), message.kind, message.flags, 1, len(body.buf), message.serial
    )
    header.value("a(yv)", fields)
    header.pad(8)
    return bytes(header.buf + body.buf)


def decode(data: bytes) -> tuple[Message, int] | None:
    """The first whole message in ``data`` and its length, or ``None`` while it is incomplete."""
    if len(data) < 16:
        return None
    if data[0:1] != b"l":
        raise WireError("big-endian messages are not handled")
    kind, flags, _version, body_length, serial, fields_length = struct.unpack_from(
        "<BBBIII", data, 1
    )
    header_end = 16 + fields_length
    body_start = header_end + (-header_end % 8)
    total = body_start + body_length
    if total > MAX_MESSAGE:
        raise WireError(f"a message of {total} bytes")
    if len(data) < total:
        return None
    reader = _Reader(data[:total], 12)
    message = Message(kind=kind, serial=serial, flags=flags)
    for code, (_type, value) in reader.value("a(yv)"):
        name = _FIELDS.get(code)
        if name is not None:
            setattr(message, name, value)
    body = _Reader(data[:total], body_start)
    message.body = body.values(message.signature) if message.signature else []
    return message, total


def decode_all(buffer: bytearray) -> Iterator[Message]:
    """Take every whole message off the front of ``buffer``."""
    while (found := decode(bytes(buffer))) is not None:
        message, length = found
        del buffer[:length]
        yield message
