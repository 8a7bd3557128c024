"""Measuring the importer against a hand-labelled corpus (`make eval`, docs/evaluation.md).

`labels` reads and checks the corpus, `runner` imports each story in dry-run, `scoring` and
`matching` judge the answers (pure), `report` prints them and `ratchet` holds the line.
"""
