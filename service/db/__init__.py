"""Storage: the tables, engines and sessions, and the migrations that make the tables."""

from service.db.models import (
    AuditRow,
    Base,
    BlobRow,
    JobAction,
    JobRow,
    JobState,
    RegistryEntryRow,
    RegistryVersionRow,
    ReviewStatus,
    SubmissionRow,
    TokenRow,
    new_id,
    shown_id,
)
from service.db.session import (
    database_url,
    dispose_engines,
    get_engine,
    is_current,
    make_engine,
    migrate,
    session_scope,
)

__all__ = [
    "AuditRow",
    "Base",
    "BlobRow",
    "JobAction",
    "JobRow",
    "JobState",
    "RegistryEntryRow",
    "RegistryVersionRow",
    "ReviewStatus",
    "SubmissionRow",
    "TokenRow",
    "database_url",
    "dispose_engines",
    "get_engine",
    "is_current",
    "make_engine",
    "migrate",
    "new_id",
    "session_scope",
    "shown_id",
]
