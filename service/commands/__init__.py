"""One module per ``kczg`` command group; ``service.cli`` puts them together."""
