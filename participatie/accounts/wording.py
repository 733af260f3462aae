"""allauth's own texts that our users read, listed so ``makemessages`` puts them in our
catalogues. ``locale/nl`` (LOCALE_PATHS wins over allauth's catalogue) gives them in our house
style: "u" instead of allauth's "je", and "verplicht" instead of "vereist". The msgids are
allauth's English source texts, so ``locale/en`` repeats them."""

from __future__ import annotations

from django.utils.translation import gettext_noop

ALLAUTH_TEXTS = (
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("The username and/or password you specified are not correct."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Please type your current password."),
    gettext_noop("You must type the same password each time."),
    gettext_noop("Use your password"),
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    gettext_noop("Password successfully set."),
    gettext_noop("Password successfully changed."),
)
