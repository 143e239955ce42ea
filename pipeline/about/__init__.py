"""What a report is about, beside its tables: its title, agency, year and date
(``metadata``), where it comes from (``region``: division codes, townships, zones), and
what a scraper's ``--meta`` file says of it (``overrides``)."""
