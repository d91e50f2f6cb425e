"""OpenAPI generation details: component names for the nested Input/Output serializers.

Every API class nests its own `InputSerializer` / `OutputSerializer` (HackSoft style); the
schema names them after their view (`ClaimSplitApi.InputSerializer` -> `ClaimSplitInput`)
so the components never collide.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema


class FactcheckAutoSchema(AutoSchema):
    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        qualified = type(serializer).__qualname__.split(".")
        if len(qualified) >= 2:
            return qualified[-2].removesuffix("Api") + qualified[-1].removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)
