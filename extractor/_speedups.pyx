# cython: language_level=3, boundscheck=False, wraparound=False
"""The document index's scan in C, on libxml2's tree through lxml's public C API.

Optional: built when a C compiler is present (see setup.py). ``extractor.selectors`` falls
back to its pure-Python scan, which builds the same index (a test compares the two); this one
reads attributes without creating an element proxy for every element, only for those indexed.
"""
cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.string cimport strcmp
from cpython.unicode cimport Py_UNICODE_ISALNUM

cetree.import_lxml__etree()


cdef inline str _value(tree.xmlNode* c_node, tree.xmlAttr* attr):
    # lxml's own reading of an attribute (libxml2 is linked into lxml, not callable from here)
    return cetree.attributeValue(c_node, attr)


cdef inline void _add(dict table, key, el):
    found = table.get(key)
    if found is None:
        table[key] = [el]
    else:
        (<list>found).append(el)


def scan(cetree._Element root, spec, dict by_class, dict by_id, dict by_attr, dict by_substring):
    """Fill the index's tables for the elements at and below ``root`` (see DocIndex)."""
    cdef tree.xmlNode* top = root._c_node
    cdef tree.xmlNode* c = top
    cdef tree.xmlAttr* a
    cdef cetree._Document doc = root._doc
    cdef dict plans = spec.class_plans
    cdef frozenset ids = spec.ids
    cdef list id_subs = [(key, key[1]) for key in spec.substrings if key[0] == "id"]
    cdef list attr_names = [(name, name.encode("utf-8")) for name in spec.attrs]
    cdef bytes name_b
    cdef object el
    while c is not NULL:
        if c.type == tree.XML_ELEMENT_NODE:
            el = None
            a = c.properties
            while a is not NULL:
                if a.ns is NULL:
                    if strcmp(<const char*>a.name, "class") == 0:
                        value = _value(c, a)
                        plan = plans.get(value)
                        if plan is None:
                            plan = spec.class_plan(value)
                        found, met = plan
                        if found or met:
                            if el is None:
                                el = cetree.elementFactory(doc, c)
                            for cls in found:
                                _add(by_class, cls, el)
                            for key in met:
                                (<list>by_substring[key]).append(el)
                    elif strcmp(<const char*>a.name, "id") == 0:
                        value = _value(c, a)
                        for key, text in id_subs:
                            if text in value:
                                if el is None:
                                    el = cetree.elementFactory(doc, c)
                                (<list>by_substring[key]).append(el)
                        if value in ids:
                            if el is None:
                                el = cetree.elementFactory(doc, c)
                            _add(by_id, value, el)
                    else:
                        for name, name_b in attr_names:
                            if strcmp(<const char*>a.name, <const char*>name_b) == 0:
                                if el is None:
                                    el = cetree.elementFactory(doc, c)
                                _add(by_attr, name, el)
                                break
                a = a.next
        # The next node in document order: first child, else next sibling of the nearest
        # ancestor that has one, never leaving ``root``.
        if c.type == tree.XML_ELEMENT_NODE and c.children is not NULL:
            c = c.children
        else:
            while c is not top and c.next is NULL:
                c = c.parent
            if c is top:
                break
            c = c.next


def within(cetree._Element el, cetree._Element scope):
    """True when ``el`` is ``scope`` or inside it (see extractor.selectors.within)."""
    cdef tree.xmlNode* c = el._c_node
    cdef tree.xmlNode* target = scope._c_node
    while c is not NULL:
        if c is target:
            return True
        c = c.parent
    return False


cdef bint _under(tree.xmlNode* c, tree.xmlNode** tops, Py_ssize_t n):
    cdef Py_ssize_t i
    while c is not NULL:
        for i in range(n):
            if c is tops[i]:
                return True
        c = c.parent
    return False


def outermost(list elements):
    """``elements`` without those inside another of them, in their order."""
    cdef Py_ssize_t n = len(elements), i
    cdef tree.xmlNode** tops = <tree.xmlNode**>PyMem_Malloc(max(n, 1) * sizeof(tree.xmlNode*))
    if tops is NULL:
        raise MemoryError()
    try:
        for i in range(n):
            tops[i] = (<cetree._Element?>elements[i])._c_node
        return [el for el in elements if not _under((<cetree._Element>el)._c_node.parent, tops, n)]
    finally:
        PyMem_Free(tops)


def prune(list tables, list removed):
    """Drop from the index's ``tables`` (dicts of element lists) every element at or inside
    one of ``removed``."""
    cdef Py_ssize_t n = len(removed), i
    if n == 0:
        return
    cdef tree.xmlNode** tops = <tree.xmlNode**>PyMem_Malloc(n * sizeof(tree.xmlNode*))
    if tops is NULL:
        raise MemoryError()
    try:
        for i in range(n):
            tops[i] = (<cetree._Element?>removed[i])._c_node
        for table in tables:
            for key, found in list((<dict>table).items()):
                kept = [el for el in <list>found if not _under((<cetree._Element>el)._c_node, tops, n)]
                if len(kept) != len(<list>found):
                    (<dict>table)[key] = kept
    finally:
        PyMem_Free(tops)


cdef inline bint _same_name(tree.xmlNode* a, tree.xmlNode* b):
    return a.type == tree.XML_ELEMENT_NODE and a.ns is NULL and strcmp(<const char*>a.name, <const char*>b.name) == 0


def getpath(cetree._Element el):
    """The element's XPath in its document, as lxml's ``ElementTree.getpath`` writes it
    (libxml2's xmlGetNodePath: a name, with [n] when a sibling has the same name), or None
    for namespaced markup, which the caller leaves to lxml."""
    cdef tree.xmlNode* c = el._c_node
    cdef tree.xmlNode* sib
    cdef int occur
    parts = []
    while c is not NULL and c.type == tree.XML_ELEMENT_NODE:
        if c.ns is not NULL:
            return None
        occur = 0
        sib = c.prev
        while sib is not NULL:
            if _same_name(sib, c):
                occur += 1
            sib = sib.prev
        if occur == 0:
            sib = c.next
            while sib is not NULL:
                if _same_name(sib, c):
                    occur = 1
                    break
                sib = sib.next
        else:
            occur += 1
        name = (<const char*>c.name).decode("utf-8")
        parts.append(f"{name}[{occur}]" if occur else name)
        c = c.parent
    if c is NULL or (c.type != tree.XML_DOCUMENT_NODE and c.type != tree.XML_HTML_DOCUMENT_NODE):
        return None  # not in a document's tree: lxml knows what to write
    parts.append("")
    parts.reverse()
    return "/".join(parts)


cdef bint _wraps_block(tree.xmlNode* c_node, frozenset inline_tags):
    """True when an element below ``c_node`` is not inline (a block inside an inline)."""
    cdef tree.xmlNode* top = c_node
    cdef tree.xmlNode* c = c_node.children
    while c is not NULL:
        if c.type == tree.XML_ELEMENT_NODE:
            if (<const char*>c.name).decode("utf-8").lower() not in inline_tags:
                return True
            if c.children is not NULL:
                c = c.children
                continue
        while c.next is NULL:
            c = c.parent
            if c is top:
                return False
        c = c.next
    return False


def content(cetree._Element el, frozenset inline_tags):
    """``el``'s content in order, as extractor.accel.content gives it."""
    cdef tree.xmlNode* c_el = el._c_node
    cdef tree.xmlNode* c = c_el.children
    cdef cetree._Document doc = el._doc
    items = []
    text = cetree.textOf(c_el)
    if text:
        items.append(text)
    while c is not NULL:
        if c.type == tree.XML_ELEMENT_NODE:
            tag = (<const char*>c.name).decode("utf-8").lower()
            if tag in inline_tags:
                kind = 1 if _wraps_block(c, inline_tags) else 0
            else:
                kind = 2
            items.append((cetree.elementFactory(doc, c), tag, kind))
            if kind:
                tail = cetree.tailOf(c)
                if tail:
                    items.append(tail)
        elif c.type == tree.XML_COMMENT_NODE or c.type == tree.XML_PI_NODE or c.type == tree.XML_ENTITY_REF_NODE:
            tail = cetree.tailOf(c)
            if tail:
                items.append(tail)
        c = c.next
    return items


def text_of(cetree._Element el):
    """All text inside ``el``, not its tail, unfolded: ``"".join(el.itertext())``."""
    cdef tree.xmlNode* top = el._c_node
    cdef tree.xmlNode* c = top.children
    parts = []
    while c is not NULL:
        if c.type == tree.XML_TEXT_NODE or c.type == tree.XML_CDATA_SECTION_NODE:
            if c.content is not NULL:
                parts.append((<const char*>c.content).decode("utf-8"))
        elif c.type == tree.XML_ELEMENT_NODE and c.children is not NULL:
            c = c.children
            continue
        while c.next is NULL:
            c = c.parent
            if c is top:
                return "".join(parts)
        c = c.next
    return "".join(parts)


cdef inline bint _is_word(Py_UCS4 ch):
    # The \w of Python's regular expressions on str: alphanumeric or "_".
    return ch == u"_" or Py_UNICODE_ISALNUM(ch)


cdef inline bint _is_lower_ascii(Py_UCS4 ch):
    return u"a" <= ch <= u"z"


def lower_word_hits(str text, frozenset first, frozenset second):
    """How many of ``text``'s whole lower-case words (regex ``\\b[a-z]+(?:['’][a-z]+)*\\b``,
    matched left to right) are in ``first``, and how many of the rest in ``second``."""
    cdef Py_ssize_t n = len(text), i = 0, j, end, last_end
    cdef int hits_first = 0, hits_second = 0
    cdef Py_UCS4 ch
    while i < n:
        if not _is_lower_ascii(text[i]) or (i > 0 and _is_word(text[i - 1])):
            i += 1
            continue
        # [a-z]+ then (['’][a-z]+)*, greedily; the match ends where a word boundary follows,
        # at the end of the last letter run or, failing that, of the one before it.
        j = i
        while j < n and _is_lower_ascii(text[j]):
            j += 1
        last_end = -1
        end = j
        while end + 1 < n and (text[end] == u"'" or text[end] == u"’") and _is_lower_ascii(text[end + 1]):
            last_end = end
            end += 1
            while end < n and _is_lower_ascii(text[end]):
                end += 1
        if end < n and _is_word(text[end]):
            end = last_end  # the apostrophe before the last run is a boundary
        if end < 0:
            i += 1
            continue
        word = text[i:end]
        if word in first:
            hits_first += 1
        elif word in second:
            hits_second += 1
        i = end
    return hits_first, hits_second
