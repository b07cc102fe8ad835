"""How values read on the served pages: money with Vietnamese thousands separators and its unit, and the
normalized value of a fact (the text shown when the pointer rests on a highlighted fact).

Only the HTML changes: the stored integers, JSON and CSV stay as they are (sorting and export use them).
"""

from __future__ import annotations

from collections.abc import Mapping

CURRENCY_NAMES = {"VND": "đồng"}
# Columns that hold a sum of money in the unit of the row's `currency` column (the money table, its views),
# and columns whose name says the unit (the `money_by_year` canned query: sum_value_vnd …).
MONEY_COLUMNS = {"value", "low", "high", "sum_value", "sum_low", "sum_high"}
VND_SUFFIX = "_vnd"


def grouped(number: int | float) -> str:
    """*number* written the Vietnamese way: ``.`` between thousands, ``,`` before decimals (1.250.000; 1,5)."""
    if isinstance(number, float) and not number.is_integer():
        whole, _, decimals = f"{number:,.2f}".rstrip("0").partition(".")
        return whole.replace(",", ".") + ("," + decimals if decimals else "")
    return f"{int(number):,}".replace(",", ".")


def money_text(value: int | float, currency: str | None) -> str:
    """``1.250.000 đồng``, ``15.000 USD``: the amount grouped by thousands, then its unit."""
    unit = CURRENCY_NAMES.get(currency or "", currency or "")
    return f"{grouped(value)} {unit}".strip()


def money_currency(column: str, row: Mapping) -> str | None:
    """The currency of *column* in *row* when it holds a sum of money, else None."""
    if column.endswith(VND_SUFFIX):
        return "VND"
    if column in MONEY_COLUMNS and "currency" in row.keys() and row["currency"]:
        return str(row["currency"])
    return None


def _get(row: Mapping, name: str):
    return row[name] if name in row.keys() else None


def fact_title(table: str, row: Mapping) -> str:
    """The normalized value of a fact row of *table*, for a ``title`` attribute: the document's key, the amount
    in đồng with its qualifier, the count with its unit and object …; empty when there is nothing to add."""
    parts: list[str] = []
    if table == "legal_citations":
        parts = [str(_get(row, "document_key") or "văn bản chưa xác định / unresolved document")]
    elif table == "money" and _get(row, "value") is not None:
        amount = money_text(row["value"], _get(row, "currency"))
        if _get(row, "high") is not None:
            amount = f"{grouped(row['low'] if _get(row, 'low') is not None else row['value'])}–{money_text(row['high'], _get(row, 'currency'))}"
        per = f" / {row['per']}" if _get(row, "per") else ""
        parts = [amount + per, str(_get(row, "qualifier") or "")]
    elif table in ("counts", "measures", "percents") and _get(row, "value") is not None:
        value = grouped(row["value"]) + (" %" if table == "percents" else "")
        words = " ".join(str(w) for w in (_get(row, "unit"), _get(row, "object")) if w)
        parts = [" ".join(p for p in (value, words) if p), str(_get(row, "qualifier") or "")]
    elif table == "organization_mentions":
        parts = [str(_get(row, "name") or ""), *(str(_get(row, k)) for k in ("level", "locality") if _get(row, k))]
    elif table == "location_mentions":
        parts = [str(_get(row, "name") or ""), str(_get(row, "level") or "")]
    return " · ".join(p for p in parts if p and p != "exact")
