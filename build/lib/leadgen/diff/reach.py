"""Which changed definition pairs an operation reaches, without walking the graph per operation.

Definition pairs form a graph (a model's properties lead to other models and
aliases), often one with large cycles. Each strongly connected component gets,
once, the set of *changed* pairs it reaches and the symbols of the sites that
lead into each of them; an operation then unions the sets of its few entry
pairs. Components are found with an iterative Tarjan, so depth is no issue.
"""

from __future__ import annotations

from .findings import Change
from .types import Edge, TypeComparer

__all__ = ["Key", "Reach", "key_of"]

Key = tuple[str, str, str, str]
Reached = dict[Key, frozenset[str]]


def key_of(edge: Edge) -> Key:
    return (edge.kind, edge.old, edge.new, edge.direction)


class Reach:
    def __init__(self, types: TypeComparer) -> None:
        self.types = types
        self._edge: dict[Key, Edge] = {}  # one edge naming each pair, to compare it
        self._edges: dict[Key, list[Edge]] = {}
        self._closure: dict[Key, Reached] = {}

    def changes(self, key: Key) -> list[Change]:
        """The pair's own changes (it has been reached, so it is known)."""
        return self.types.pair(self._edge[key]).changes

    def changed(self, key: Key) -> bool:
        return bool(self.changes(key))

    def _pair(self, key: Key) -> None:
        """Compare the pair (memoised by the comparer) and note its outgoing edges."""
        found = self.types.pair(self._edge[key])
        self._edges[key] = found.edges
        for edge in found.edges:
            self._edge.setdefault(key_of(edge), edge)

    def closure(self, edge: Edge) -> Reached:
        """Changed pairs reachable from `edge`'s pair (itself included), with the vias of edges into them."""
        key = key_of(edge)
        self._edge.setdefault(key, edge)
        if key not in self._closure:
            self._tarjan(key)
        return self._closure[key]

    def _tarjan(self, start: Key) -> None:
        index: dict[Key, int] = {}
        low: dict[Key, int] = {}
        stack: list[Key] = []
        on_stack: set[Key] = set()
        work: list[tuple[Key, int]] = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                if node in index or node in self._closure:
                    continue
                self._pair(node)
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            edges = self._edges[node]
            if i > 0:  # back from edges[i - 1]
                child = key_of(edges[i - 1])
                if child in low and child in on_stack:
                    low[node] = min(low[node], low[child])
            while i < len(edges):
                child = key_of(edges[i])
                if child not in index and child not in self._closure:
                    work.append((node, i + 1))
                    work.append((child, 0))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
                i += 1
            else:
                if low[node] == index[node]:
                    self._component(node, stack, on_stack)

    def _component(self, root: Key, stack: list[Key], on_stack: set[Key]) -> None:
        members = []
        while True:
            member = stack.pop()
            on_stack.discard(member)
            members.append(member)
            if member == root:
                break
        inside = set(members)
        reached: dict[Key, set[str]] = {}
        for member in members:
            if self.changed(member):
                reached.setdefault(member, set())
            for edge in self._edges[member]:
                child = key_of(edge)
                if self.changed(child):
                    reached.setdefault(child, set()).update(edge.via)
                if child not in inside:
                    for changed, vias in self._closure[child].items():
                        reached.setdefault(changed, set()).update(vias)
        frozen = {k: frozenset(v) for k, v in reached.items()}
        for member in members:
            self._closure[member] = frozen
