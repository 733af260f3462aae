"""Every model of the app, where Django looks for them. Each feature package keeps its own
models (``participatie.<feature>.models``); they are collected here so the app's models load
at start and ``from participatie.models import Placement`` keeps working everywhere."""

from participatie.absence.models import AbsenceSignal
from participatie.accounts.models import ApiToken, Invitation, User
from participatie.attendance.models import (
    Attendance,
    AttendanceCheck,
    AttendanceCorrection,
    AttendanceLock,
)
from participatie.capacity.models import MunicipalityTarget, RegionCapacity
from participatie.development.models import DevelopmentPlan, DevelopmentTalk
from participatie.enrolments.models import Enrolment
from participatie.mail.models import MailStatus, MunicipalMail, OutgoingMail
from participatie.models.tenancy import (
    Membership,
    Municipality,
    Organisation,
    Region,
    ServiceArea,
)
from participatie.participants.models import Participant
from participatie.placements.models import Objection, Placement, Step, StepDecision
from participatie.privacy.models import ReadEvent, RetentionPolicy, SubjectRequest
from participatie.reports.models import (
    OccupancySnapshot,
    RegionalReportRun,
    ReportRun,
    ReportStatus,
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
    "MailStatus",
    "Membership",
    "MunicipalMail",
    "Municipality",
    "MunicipalityTarget",
    "Objection",
    "OccupancySnapshot",
    "Organisation",
    "OutgoingMail",
    "Participant",
    "Placement",
    "ReadEvent",
    "Region",
    "RegionCapacity",
    "RegionalReportRun",
    "ReportRun",
    "ReportStatus",
    "RetentionPolicy",
    "ServiceArea",
    "Step",
    "StepDecision",
    "SubjectRequest",
    "User",
]
