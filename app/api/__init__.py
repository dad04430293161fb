"""HTTP read paths: one router per resource."""
