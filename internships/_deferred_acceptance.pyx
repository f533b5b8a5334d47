# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Compiled deferred acceptance: the same algorithm as ``matching.deferred_acceptance_python``.

Built by ``pip install`` when a C compiler is present (pyproject.toml, ext-modules);
``internships.matching.deferred_acceptance`` uses it when it imports and the Python version
otherwise. Tests run both on the same random instances and require equal results.

Input and output are exactly those of the Python version: Python dicts of ids in, a dict of
matches out. Inside, the bookkeeping lives in C arrays indexed by position and applicant
number; only the two lookups a proposal needs (the position's number, the applicant's rank
there) touch Python objects. Ranks must be integers, as build_preferences() makes them.

* Positions hold their applicants in a max-heap on rank, the worst held at the top, so "free
  place, or better than the worst held?" is one comparison and a replacement is O(log c).
* Free applicants wait on a stack; each keeps a pointer to the next entry of their list. The
  applicant-optimal result is unique, so the order in which they propose does not change it.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport PyObject
from libc.stdlib cimport free, malloc


cdef Py_ssize_t *_array(Py_ssize_t length) except NULL:
    cdef Py_ssize_t *array = <Py_ssize_t *> malloc((length + 1) * sizeof(Py_ssize_t))
    if array is NULL:
        raise MemoryError()
    return array


cdef inline void _sift_up(Py_ssize_t *rank, Py_ssize_t *who, Py_ssize_t i) noexcept nogil:
    """Restore the max-heap after a new entry at ``i``."""
    cdef Py_ssize_t parent, r = rank[i], w = who[i]
    while i > 0:
        parent = (i - 1) // 2
        if rank[parent] >= r:
            break
        rank[i] = rank[parent]
        who[i] = who[parent]
        i = parent
    rank[i] = r
    who[i] = w


cdef inline void _sift_down(Py_ssize_t *rank, Py_ssize_t *who, Py_ssize_t n) noexcept nogil:
    """Restore the max-heap of ``n`` entries after the top was replaced."""
    cdef Py_ssize_t i = 0, child, r = rank[0], w = who[0]
    while True:
        child = 2 * i + 1
        if child >= n:
            break
        if child + 1 < n and rank[child + 1] > rank[child]:
            child += 1
        if rank[child] <= r:
            break
        rank[i] = rank[child]
        who[i] = who[child]
        i = child
    rank[i] = r
    who[i] = w


def deferred_acceptance(applicant_prefs, position_rank, capacities):
    """Applicant-optimal stable matching; see ``matching.deferred_acceptance`` for the contract."""
    cdef list position_ids = list(capacities)
    cdef list ids = list(applicant_prefs)  # applicant number -> applicant id
    cdef list lists = [  # applicant number -> tuple of position ids, best first
        listed if type(listed) is tuple else tuple(listed) for listed in applicant_prefs.values()
    ]
    cdef Py_ssize_t n = len(ids), m = len(position_ids), places = 0
    cdef Py_ssize_t i, k, a, p, rank, top, length, offset, capacity
    cdef dict number_of = {}  # position id -> position number 0..m-1
    cdef list rank_dicts = []  # position number -> {applicant id: rank}
    cdef dict empty = {}
    cdef tuple choices
    cdef PyObject *found

    # Per position: its places, where its heap starts in the shared arrays, how many it holds.
    cdef Py_ssize_t *capacity_of = NULL
    cdef Py_ssize_t *start = NULL
    cdef Py_ssize_t *held = NULL
    cdef Py_ssize_t *heap_rank = NULL  # ranks held, a max-heap per position
    cdef Py_ssize_t *heap_who = NULL  # the applicant number holding each of them
    cdef Py_ssize_t *next_choice = NULL  # per applicant: the next entry of their list to try
    cdef Py_ssize_t *waiting = NULL  # stack of applicant numbers who hold no place
    try:
        capacity_of, start, held = _array(m), _array(m), _array(m)
        for i in range(m):
            position_id = position_ids[i]
            number_of[position_id] = i
            ranks = position_rank.get(position_id, empty)
            rank_dicts.append(ranks if type(ranks) is dict else dict(ranks))
            capacity = capacities[position_id]
            capacity_of[i] = capacity if capacity > 0 else 0
            start[i] = places
            held[i] = 0
            places += capacity_of[i]
        heap_rank, heap_who = _array(places), _array(places)
        next_choice, waiting = _array(n), _array(n)
        for i in range(n):
            next_choice[i] = 0
            waiting[i] = n - 1 - i  # the first applicant proposes first, as in Python
        top = n

        while top:
            top -= 1
            a = waiting[top]
            choices = <tuple> lists[a]
            length = len(choices)
            applicant_id = ids[a]
            while next_choice[a] < length:
                position_id = choices[next_choice[a]]
                next_choice[a] += 1
                found = PyDict_GetItem(number_of, position_id)
                if found is NULL:
                    raise ValueError(f"an applicant lists unknown position {position_id!r}")
                p = <object> found
                found = PyDict_GetItem(<dict> rank_dicts[p], applicant_id)
                if found is NULL:
                    continue  # the position does not accept this applicant
                rank = <object> found
                offset = start[p]
                if held[p] < capacity_of[p]:  # a free place
                    heap_rank[offset + held[p]] = rank
                    heap_who[offset + held[p]] = a
                    _sift_up(heap_rank + offset, heap_who + offset, held[p])
                    held[p] += 1
                    break
                if capacity_of[p] and rank < heap_rank[offset]:  # better than the worst held
                    waiting[top] = heap_who[offset]  # who is let go proposes next
                    top += 1
                    heap_rank[offset] = rank
                    heap_who[offset] = a
                    _sift_down(heap_rank + offset, heap_who + offset, capacity_of[p])
                    break

        matches = dict.fromkeys(ids)
        for i in range(m):
            position_id = position_ids[i]
            for k in range(start[i], start[i] + held[i]):
                matches[ids[heap_who[k]]] = position_id
        return matches
    finally:
        free(capacity_of)
        free(start)
        free(held)
        free(heap_rank)
        free(heap_who)
        free(next_choice)
        free(waiting)
