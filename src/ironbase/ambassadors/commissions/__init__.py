"""Commissions: administrators' agreements, qualifying events, the ledger and statements."""
