from participatie.models.accounts import ApiToken, Invitation, User
from participatie.models.attendance import (
    AbsenceSignal,
    Attendance,
    AttendanceCheck,
    AttendanceCorrection,
    AttendanceLock,
    DevelopmentTalk,
)
from participatie.models.audit import ReadEvent
from participatie.models.participants import Participant
from participatie.models.placements import DevelopmentPlan, Placement
from participatie.models.reports import (
    OccupancySnapshot,
    RegionalReportRun,
    ReportRun,
    ReportStatus,
)
from participatie.models.steps import Objection, Step, StepDecision
from participatie.models.tenancy import (
    Enrolment,
    Membership,
    Municipality,
    Organisation,
    Region,
    ServiceArea,
)

__all__ = [
    "AbsenceSignal",
    "ApiToken",
    "Attendance",
    "AttendanceCheck",
    "AttendanceCorrection",
    "AttendanceLock",
    "DevelopmentPlan",
    "DevelopmentTalk",
    "Enrolment",
    "Invitation",
    "Membership",
    "Municipality",
    "Objection",
    "OccupancySnapshot",
    "Organisation",
    "Participant",
    "Placement",
    "ReadEvent",
    "Region",
    "RegionalReportRun",
    "ReportRun",
    "ReportStatus",
    "ServiceArea",
    "Step",
    "StepDecision",
    "User",
]
