from __future__ import annotations

import datetime

D = datetime.date
