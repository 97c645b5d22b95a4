"""The daily companion: reminders and desk-break nudges while FootCoach waits in the background
(`companion.Companion`), the session bus connection they use (`session_bus.SessionBus`), the
tray icon and its menu (`tray.CompanionTray`) and the in-app reminder banner
(`reminder_banner.ReminderBanner`)."""
