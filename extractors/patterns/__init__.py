"""The regular expressions of every extractor, built from small named pieces in verbose mode."""
