"""Social: profile cards and blocks here; friends/, posts/ (with likes, reports and
moderation), feed/, challenges/ and achievements/ as subdomains. Post visibility is decided
by the policies of revision 0015_social; every statement repeats the rule for its caller
(``repository.visible``)."""
