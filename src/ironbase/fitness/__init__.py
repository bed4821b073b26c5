"""The person's fitness profile, daily readiness check-ins and (opt-in) cycle tracking:
what the program generator plans from."""
