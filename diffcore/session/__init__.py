"""A whole session: many documents read, paired into chains, compared step by step, and summed up."""
