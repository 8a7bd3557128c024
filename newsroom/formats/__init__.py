"""The site's own date formats, where Django's default for a language is not the house style
(`FORMAT_MODULE_PATH`): English writes "3 July 2021"; Russian keeps Django's "3 июля 2021 г."."""
