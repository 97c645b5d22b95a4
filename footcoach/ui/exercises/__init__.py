"""The exercise view: the searchable exercise list and one exercise's details."""
