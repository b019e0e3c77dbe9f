"""Jobs: rows in the database that workers claim, run and finish.

``runner`` runs one job wherever it is called (a local worker process, a Celery task),
its lease renewed by the process's ``leases`` keeper; ``local`` is the default pool of
worker processes on this machine; ``reaper`` puts back jobs whose worker died.
"""
