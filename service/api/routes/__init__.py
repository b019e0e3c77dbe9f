"""One module of routes per resource; ``service.api.app`` mounts them."""
