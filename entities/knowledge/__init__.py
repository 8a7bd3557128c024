"""The starter knowledge base: countries, capitals and cities, organizations and events.

Builders here are pure: they read pycountry and the curated files in `entities/data/` and return
`EntityRecord`s. `load.load_knowledge_base` writes them, adding only what is missing.
"""
