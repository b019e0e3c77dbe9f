"""The page routes: login, the applicant's page, the queue, a submission."""
