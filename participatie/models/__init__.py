from participatie.models.accounts import ApiToken, Invitation, User
from participatie.models.audit import ReadEvent
from participatie.models.tenancy import (
    Enrolment,
    Membership,
    Municipality,
    Organisation,
    Region,
    ServiceArea,
)

__all__ = [
    "ApiToken",
    "Enrolment",
    "Invitation",
    "Membership",
    "Municipality",
    "Organisation",
    "ReadEvent",
    "Region",
    "ServiceArea",
    "User",
]
