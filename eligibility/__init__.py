"""Eligibility of a record for its list and edition: rules as data, evaluated with evidence."""
