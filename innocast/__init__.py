"""The bottom of the house: the one error root every package's errors derive from, and the
order of the layers (`innocast.layers`)."""
