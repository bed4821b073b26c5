"""Links between a client and a coach: invitations, requests, scopes, ending."""
