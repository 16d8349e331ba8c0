"""Events: ACLED event types, sub-event types, actors, place, date, fatalities and claims per event.

`extract.extract_events` is the entry point; each module beside it codes one field.
"""
