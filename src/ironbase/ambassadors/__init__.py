"""The ambassador programme: profiles and referrals, battles, gym deals and commissions."""
