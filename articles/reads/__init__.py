"""The hand-written fast reads of stories: the website's cards and the API's lists and details
built from `.values()` rows read with prepared queries, instead of model instances.

- `fields`: the one specification of a story's fields (name, columns, API form, where shown)
  that the rest is derived from;
- `rows`: the prepared queries that read a page's rows, its sources, entities and tags;
- `cards`: the website's story cards (`articles/_card.html`) from rows;
- `api`: the API's list items and details, from rows or a model instance's values;
- `lean`: which API requests the lean path answers, and its reads.
"""
