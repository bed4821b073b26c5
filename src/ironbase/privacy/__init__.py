"""Privacy and recovery: the registry of what every table holds (``registry``), and what
is built on it: a person's export, their erasure, and the backup tiers."""
