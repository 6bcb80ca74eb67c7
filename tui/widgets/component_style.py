"""Reading a widget's component-class styles so they stack and blend correctly."""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget

__all__ = ["blended_style"]


def blended_style(widget: Widget, component: str) -> Style:
    """Only what a component's CSS declares, with translucent colours blended.

    A partial style keeps a translucent colour (`$divergent` is 35% of a theme colour,
    `$text-disabled` is a faded foreground) as the opaque colour; the full style has it blended
    over the widget's background, so its colours are taken instead.
    """
    partial = widget.get_component_rich_style(component, partial=True)
    if partial.color is None and partial.bgcolor is None:
        return partial
    full = widget.get_component_rich_style(component)
    return partial + Style(
        color=full.color if partial.color is not None else None,
        bgcolor=full.bgcolor if partial.bgcolor is not None else None,
    )
