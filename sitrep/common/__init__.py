"""The leaf of sitrep's layers: reference data and pure helpers that several layers share —
the one loader of the data files (`data`), settings read from the environment (`settings`),
dates as reports write them (`dates`), the offline gazetteer and its place keys
(`gazetteer`), and what names an article file or a URL (`uris`). It imports nothing else of
sitrep's; everything else may import it."""
