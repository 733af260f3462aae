"""What every feature of the core shares: the calendar, problem+json, Dutch notation, PDF,
charts, the safe spreadsheet writer and BSN masking. The kernel imports no feature package,
no other app and nothing from ``config``."""
