"""Policy predicates read as SQL syntax trees (pglast, PostgreSQL's own parser), not as text.

``pg_policies.qual`` and ``with_check`` are deparsed expressions. A predicate binds a row to
its caller when one of its top-level conjuncts is ``<column> = (SELECT auth.uid())``: no OR
around it can let another row through, whatever else the predicate says.
"""

from __future__ import annotations

from typing import Any

from pglast import ast, enums, parse_sql
from pglast.stream import RawStream
from pglast.visitors import Visitor


def _is(node: Any, kind: type) -> bool:
    """``isinstance`` without narrowing: pglast's node fields are typed optional."""
    return isinstance(node, kind)


def parse_predicate(text: str) -> Any:
    statement: Any = parse_sql(f"select {text}")[0].stmt
    assert _is(statement, ast.SelectStmt)
    return statement.targetList[0].val


def normalized(text: str) -> str:
    """One spelling per predicate, whatever the server's deparser (for pinned exceptions)."""
    return str(RawStream()(parse_predicate(text)))


def conjuncts(node: Any) -> list[Any]:
    if _is(node, ast.BoolExpr) and node.boolop == enums.BoolExprType.AND_EXPR:
        return [part for arg in node.args for part in conjuncts(arg)]
    return [node]


def _is_auth_uid(node: Any) -> bool:
    return _is(node, ast.FuncCall) and [n.sval for n in node.funcname] == ["auth", "uid"]


def is_uid_subselect(node: Any) -> bool:
    """``(SELECT auth.uid())``: a scalar sub-select of the bare call, nothing else."""
    if not (_is(node, ast.SubLink) and node.subLinkType == enums.SubLinkType.EXPR_SUBLINK):
        return False
    select: Any = node.subselect
    return (
        _is(select, ast.SelectStmt)
        and not select.fromClause
        and select.whereClause is None
        and len(select.targetList) == 1
        and _is_auth_uid(select.targetList[0].val)
    )


def _is_column(node: Any, column: str) -> bool:
    if not _is(node, ast.ColumnRef):
        return False
    return getattr(node.fields[-1], "sval", None) == column


def _binds(node: Any, column: str) -> bool:
    if not (_is(node, ast.A_Expr) and node.kind == enums.A_Expr_Kind.AEXPR_OP):
        return False
    if [n.sval for n in node.name] != ["="]:
        return False
    left, right = node.lexpr, node.rexpr
    return (_is_column(left, column) and is_uid_subselect(right)) or (
        _is_column(right, column) and is_uid_subselect(left)
    )


def binds_caller(text: str, column: str) -> bool:
    return any(_binds(part, column) for part in conjuncts(parse_predicate(text)))


class _BareUid(Visitor):
    """Counts ``auth.uid()`` calls outside a sub-select (evaluated once per row)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def visit_FuncCall(self, ancestors: Any, node: Any) -> None:  # noqa: N802
        if _is_auth_uid(node) and ancestors.find_nearest(ast.SubLink) is None:
            self.count += 1


def bare_uid_calls(text: str) -> int:
    visitor = _BareUid()
    visitor(parse_predicate(text))
    return visitor.count
