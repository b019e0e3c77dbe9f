"""The shared vocabulary: form catalogue, typed values, records, normalisation and flags."""
