"""src_widget: found by the default src/ layout."""
