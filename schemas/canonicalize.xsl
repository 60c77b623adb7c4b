<?xml version="1.0" encoding="UTF-8"?>
<!--
  numaschema: the canonical text of a guest's NUMA parts (docs/canonical-form.md).

  The stylesheet writes two elements only, as libvirt writes them (virDomainNumaDefFormatXML,
  virDomainNumatuneFormatXML): <cpu>'s <numa> and <numatune>. Swift splices that text into the
  file in place of the two elements; every other byte of the file stays as it was. The output
  is text: libxml2's serializer writes attributes in double quotes, libvirt in single ones.

  The tree work: cells in id order with explicit ids, attributes in libvirt's order,
  <distances> rebuilt per the distances mode, a cell's HMAT caches by level after its
  <distances>, the HMAT figures (<interconnects>) in one order after the cells, <numatune>'s
  <memory> first and its <memnode>s by cell. Comments and processing instructions keep their
  places among the children they stand between. Whitespace is layout: every element, comment
  and processing instruction goes on a line of its own, indented two spaces per level from the
  indentation the element has in the file ($numa-indent, $numatune-indent).

  What XSLT 1.0 does poorly comes from Swift extension functions (namespace urn:numaschema),
  which read the guest's typed model, already validated:
    ns:cpus(text)          the canonical cpuset: ascending, merged ranges ("0-3,8,10-11")
    ns:kib(memory, unit)   the memory in KiB, exactly as libvirt converts it
    ns:row-needed(i)       whether minimal mode writes a row for cell i
    ns:index(node)         the node's place among its parent's children of the same name,
                           from 0 (what count(preceding-sibling::…) gives, in constant time)
    ns:sorted-sibling(s, a) attribute a (id or value) of the sibling that takes s's place when
                           the <sibling>s of its <distances> are sorted by id (stable)
    ns:sorted-cell(c, a)   of the cell that takes c's place when the cells are sorted by id
                           (stable; an id is @id, else the cell's position): its position among
                           the cells (a = 'position'), its id ('id'), or 'yes' for the last
                           place ('last'); one sort per <numa>, so the cells' loop stays linear
    ns:sorted-figure(f, a) for the HMAT figure that takes f's place when the <latency>s and
                           <bandwidth>s of its <interconnects> are put in canonical order:
                           its element name (a = 'kind') or attribute a as libvirt writes it
                           (initiator, target, cache ('' for 0), type, value, unit ('' for a
                           latency; a bandwidth's value is in KiB))
    ns:tune-slot(e, a)     for the <memory> or <memnode> that takes e's place when <numatune>'s
                           entries are put in libvirt's order (<memory>, then the <memnode>s by
                           cell): its element name (a = 'kind') or attribute a as libvirt
                           writes it (mode, nodeset, placement ('' for static), cellid)
    ns:decimal(text)       an unsigned number in plain decimal (XPath's string() would write
                           large numbers with an exponent)
    ns:escape(text)        text escaped for an attribute value in single quotes
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ns="urn:numaschema"
    extension-element-prefixes="ns"
    exclude-result-prefixes="ns">

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- full | minimal | asis -->
  <xsl:param name="distances" select="'full'"/>

  <!-- The name of the processing instruction that stands for one cell's row of <sibling>s in
       full and minimal mode, its data the cell's id. Swift writes the rows in its place, straight
       from the completed matrix: a guest of 1,024 cells has 1,048,576 siblings, which as XSLT
       output would take far longer. The name is chosen per run, unlike anything in the input;
       <?NAME numatune?> separates the two parts of the output. -->
  <xsl:param name="row-marker" select="'numaschema-row'"/>

  <!-- The indentation of the line each element starts on in the file. -->
  <xsl:param name="numa-indent" select="''"/>
  <xsl:param name="numatune-indent" select="''"/>

  <xsl:variable name="q">'</xsl:variable>
  <xsl:variable name="nl" select="'&#10;'"/>
  <xsl:variable name="step" select="'  '"/>

  <!-- A cell's id: given, or its position among the cells (libvirt's rule). -->
  <xsl:key name="cell-by-position" match="/domain/cpu[1]/numa[1]/cell" use="ns:index(.)"/>

  <!-- Only the two elements are visited: the rest of the document is never walked. -->
  <xsl:template match="/">
    <xsl:apply-templates select="/domain/cpu[1]/numa[1]">
      <xsl:with-param name="indent" select="$numa-indent"/>
    </xsl:apply-templates>
    <xsl:value-of select="concat('&lt;?', $row-marker, ' numatune?&gt;')"/>
    <xsl:apply-templates select="/domain/numatune[1]">
      <xsl:with-param name="indent" select="$numatune-indent"/>
    </xsl:apply-templates>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- Layout                                                           -->
  <!-- ================================================================ -->

  <!-- ' name='value'' -->
  <xsl:template name="attribute">
    <xsl:param name="name"/>
    <xsl:param name="value"/>
    <xsl:value-of select="concat(' ', $name, '=', $q, $value, $q)"/>
  </xsl:template>

  <!-- The end of an element whose children are in $children: '/>' when there are none. -->
  <xsl:template name="close">
    <xsl:param name="name"/>
    <xsl:param name="indent"/>
    <xsl:param name="children"/>
    <xsl:choose>
      <xsl:when test="string($children) = ''">
        <xsl:text>/&gt;</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="concat('&gt;', $children, $nl, $indent, '&lt;/', $name, '&gt;')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Comments and processing instructions on lines of their own; whitespace is layout. -->
  <xsl:template match="comment()">
    <xsl:param name="indent"/>
    <xsl:value-of select="concat($nl, $indent, '&lt;!--', ., '--&gt;')"/>
  </xsl:template>

  <xsl:template match="processing-instruction()">
    <xsl:param name="indent"/>
    <xsl:value-of select="concat($nl, $indent, '&lt;?', name())"/>
    <xsl:if test=". != ''">
      <xsl:value-of select="concat(' ', .)"/>
    </xsl:if>
    <xsl:text>?&gt;</xsl:text>
  </xsl:template>

  <xsl:template match="text()"/>

  <!-- Any other element (the grammar leaves none inside these parts today): as it is. -->
  <xsl:template match="*">
    <xsl:param name="indent"/>
    <xsl:value-of select="concat($nl, $indent, '&lt;', name())"/>
    <xsl:apply-templates select="@*" mode="attribute"/>
    <xsl:call-template name="close">
      <xsl:with-param name="name" select="name()"/>
      <xsl:with-param name="indent" select="$indent"/>
      <xsl:with-param name="children">
        <xsl:apply-templates select="node()">
          <xsl:with-param name="indent" select="concat($indent, $step)"/>
        </xsl:apply-templates>
        <xsl:if test="not(*) and normalize-space(.) != ''">
          <xsl:value-of select="ns:escape(string(.))"/>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="@*" mode="attribute">
    <xsl:call-template name="attribute">
      <xsl:with-param name="name" select="name()"/>
      <xsl:with-param name="value" select="ns:escape(string(.))"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- <cpu><numa>                                                      -->
  <!-- ================================================================ -->

  <!-- The first line is written where the element starts in the file (after its indentation),
       the last ends with its end tag: the file's bytes around it stay. -->
  <xsl:template match="numa">
    <xsl:param name="indent"/>
    <xsl:variable name="inner" select="concat($indent, $step)"/>
    <xsl:text>&lt;numa</xsl:text>
    <xsl:apply-templates select="@*" mode="attribute"/>
    <xsl:call-template name="close">
      <xsl:with-param name="name" select="'numa'"/>
      <xsl:with-param name="indent" select="$indent"/>
      <xsl:with-param name="children">
        <!-- The children in document order; the k-th cell's place is taken by the k-th cell in
             id order, so comments between cells keep their places. The <interconnects> follow
             the last cell, where libvirt writes them. -->
        <xsl:for-each select="node()">
          <xsl:choose>
            <xsl:when test="self::cell">
              <!-- the cell that takes this place: the k-th in id order (Swift sorts the cells
                   once; a node-set indexed per cell would make this loop quadratic) -->
              <xsl:variable name="position" select="ns:sorted-cell(current(), 'position')"/>
              <xsl:variable name="id" select="ns:sorted-cell(current(), 'id')"/>
              <xsl:apply-templates select="key('cell-by-position', $position)" mode="cell">
                <xsl:with-param name="id" select="$id"/>
                <xsl:with-param name="indent" select="$inner"/>
              </xsl:apply-templates>
              <xsl:if test="ns:sorted-cell(current(), 'last') = 'yes'">
                <xsl:apply-templates select="../interconnects" mode="hmat">
                  <xsl:with-param name="indent" select="$inner"/>
                </xsl:apply-templates>
              </xsl:if>
            </xsl:when>
            <xsl:when test="self::interconnects"/>
            <xsl:otherwise>
              <xsl:apply-templates select=".">
                <xsl:with-param name="indent" select="$inner"/>
              </xsl:apply-templates>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- A cell: id, cpus, memory, unit, memAccess, discard; then its distance row and its caches
       by level, at the place of the first <distances> or <cache> (or first); other children
       (comments) in their places. -->
  <xsl:template match="cell" mode="cell">
    <xsl:param name="id"/>
    <xsl:param name="indent"/>
    <xsl:variable name="inner" select="concat($indent, $step)"/>
    <xsl:value-of select="concat($nl, $indent, '&lt;cell id=', $q, $id, $q)"/>
    <xsl:variable name="cpus" select="ns:cpus(string(@cpus))"/>
    <xsl:if test="$cpus != ''">
      <xsl:value-of select="concat(' cpus=', $q, $cpus, $q)"/>
    </xsl:if>
    <xsl:value-of select="concat(' memory=', $q, ns:kib(string(@memory), string(@unit), boolean(@unit)), $q, ' unit=', $q, 'KiB', $q)"/>
    <xsl:if test="@memAccess">
      <xsl:value-of select="concat(' memAccess=', $q, @memAccess, $q)"/>
    </xsl:if>
    <xsl:if test="@discard">
      <xsl:value-of select="concat(' discard=', $q, @discard, $q)"/>
    </xsl:if>
    <xsl:call-template name="close">
      <xsl:with-param name="name" select="'cell'"/>
      <xsl:with-param name="indent" select="$indent"/>
      <xsl:with-param name="children">
        <xsl:if test="not(distances or cache)">
          <xsl:call-template name="distances">
            <xsl:with-param name="id" select="$id"/>
            <xsl:with-param name="indent" select="$inner"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:for-each select="node()">
          <xsl:choose>
            <xsl:when test="(self::distances or self::cache) and not(preceding-sibling::distances or preceding-sibling::cache)">
              <xsl:for-each select="..">
                <xsl:call-template name="distances">
                  <xsl:with-param name="id" select="$id"/>
                  <xsl:with-param name="indent" select="$inner"/>
                </xsl:call-template>
                <xsl:apply-templates select="cache" mode="hmat">
                  <xsl:sort select="@level" data-type="number"/>
                  <xsl:with-param name="indent" select="$inner"/>
                </xsl:apply-templates>
              </xsl:for-each>
            </xsl:when>
            <xsl:when test="self::distances or self::cache"/>
            <xsl:otherwise>
              <xsl:apply-templates select=".">
                <xsl:with-param name="indent" select="$inner"/>
              </xsl:apply-templates>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- An HMAT cache: level, associativity, policy; then <size> and <line> (value, unit) at the
       place of the first of them. The unit is kept as given: libvirt 9.0.0 reads a size as KiB
       and a line as bytes whatever it says. -->
  <xsl:template match="cache" mode="hmat">
    <xsl:param name="indent"/>
    <xsl:variable name="inner" select="concat($indent, $step)"/>
    <xsl:value-of select="concat($nl, $indent, '&lt;cache level=', $q, ns:decimal(string(@level)), $q)"/>
    <xsl:value-of select="concat(' associativity=', $q, @associativity, $q, ' policy=', $q, @policy, $q)"/>
    <xsl:call-template name="close">
      <xsl:with-param name="name" select="'cache'"/>
      <xsl:with-param name="indent" select="$indent"/>
      <xsl:with-param name="children">
        <xsl:for-each select="node()">
          <xsl:choose>
            <xsl:when test="(self::size or self::line) and not(preceding-sibling::size or preceding-sibling::line)">
              <xsl:apply-templates select="../size|../line" mode="hmat">
                <!-- size before line -->
                <xsl:sort select="name()" order="descending"/>
                <xsl:with-param name="indent" select="$inner"/>
              </xsl:apply-templates>
            </xsl:when>
            <xsl:when test="self::size or self::line"/>
            <xsl:otherwise>
              <xsl:apply-templates select=".">
                <xsl:with-param name="indent" select="$inner"/>
              </xsl:apply-templates>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="size|line" mode="hmat">
    <xsl:param name="indent"/>
    <xsl:value-of select="concat($nl, $indent, '&lt;', name(), ' value=', $q, ns:decimal(string(@value)), $q)"/>
    <xsl:value-of select="concat(' unit=', $q, ns:escape(string(@unit)), $q, '/&gt;')"/>
  </xsl:template>

  <!-- The HMAT figures in canonical order: latencies, then bandwidths, each by initiator, target,
       cache and type; the k-th figure's place is taken by the k-th in that order, so comments
       between them keep their places. Attributes as libvirt writes them. -->
  <xsl:template match="interconnects" mode="hmat">
    <xsl:param name="indent"/>
    <xsl:variable name="inner" select="concat($indent, $step)"/>
    <xsl:value-of select="concat($nl, $indent, '&lt;interconnects')"/>
    <xsl:call-template name="close">
      <xsl:with-param name="name" select="'interconnects'"/>
      <xsl:with-param name="indent" select="$indent"/>
      <xsl:with-param name="children">
        <xsl:for-each select="node()">
          <xsl:choose>
            <xsl:when test="self::latency or self::bandwidth">
              <xsl:value-of select="concat($nl, $inner, '&lt;', ns:sorted-figure(current(), 'kind'))"/>
              <xsl:value-of select="concat(' initiator=', $q, ns:sorted-figure(current(), 'initiator'), $q)"/>
              <xsl:value-of select="concat(' target=', $q, ns:sorted-figure(current(), 'target'), $q)"/>
              <xsl:variable name="cache" select="ns:sorted-figure(current(), 'cache')"/>
              <xsl:if test="$cache != ''">
                <xsl:value-of select="concat(' cache=', $q, $cache, $q)"/>
              </xsl:if>
              <xsl:value-of select="concat(' type=', $q, ns:sorted-figure(current(), 'type'), $q)"/>
              <xsl:value-of select="concat(' value=', $q, ns:sorted-figure(current(), 'value'), $q)"/>
              <xsl:variable name="unit" select="ns:sorted-figure(current(), 'unit')"/>
              <xsl:if test="$unit != ''">
                <xsl:value-of select="concat(' unit=', $q, $unit, $q)"/>
              </xsl:if>
              <xsl:text>/&gt;</xsl:text>
            </xsl:when>
            <xsl:otherwise>
              <xsl:apply-templates select=".">
                <xsl:with-param name="indent" select="$inner"/>
              </xsl:apply-templates>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- The distance row of one cell, per the mode. -->
  <xsl:template name="distances">
    <xsl:param name="id"/>
    <xsl:param name="indent"/>
    <xsl:variable name="inner" select="concat($indent, $step)"/>
    <!-- full: every sibling, ids 0..N-1 (cell ids are exactly those), completed values;
         minimal: the entries completion cannot infer; both written by Swift at the marker. -->
    <xsl:variable name="row" select="concat($nl, $indent, '&lt;distances&gt;', $nl, $inner, '&lt;?', $row-marker, ' ', $id, '?&gt;', $nl, $indent, '&lt;/distances&gt;')"/>
    <xsl:choose>
      <xsl:when test="$distances = 'asis'">
        <xsl:for-each select="distances[1]">
          <xsl:value-of select="concat($nl, $indent, '&lt;distances')"/>
          <xsl:call-template name="close">
            <xsl:with-param name="name" select="'distances'"/>
            <xsl:with-param name="indent" select="$indent"/>
            <xsl:with-param name="children">
              <!-- siblings in id order in the siblings' places; comments stay where they are -->
              <xsl:for-each select="node()">
                <xsl:choose>
                  <xsl:when test="self::sibling">
                    <xsl:value-of select="concat($nl, $inner, '&lt;sibling id=', $q, ns:sorted-sibling(current(), 'id'), $q)"/>
                    <xsl:value-of select="concat(' value=', $q, ns:sorted-sibling(current(), 'value'), $q, '/&gt;')"/>
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:apply-templates select=".">
                      <xsl:with-param name="indent" select="$inner"/>
                    </xsl:apply-templates>
                  </xsl:otherwise>
                </xsl:choose>
              </xsl:for-each>
            </xsl:with-param>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="$distances = 'minimal'">
        <xsl:if test="ns:row-needed($id)">
          <xsl:value-of select="$row"/>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$row"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================ -->
  <!-- <numatune>                                                       -->
  <!-- ================================================================ -->

  <!-- <memory mode nodeset|placement>, then <memnode cellid mode nodeset> by cell: the k-th of
       them in the file takes the place of the k-th in that order, so comments keep theirs. -->
  <xsl:template match="numatune">
    <xsl:param name="indent"/>
    <xsl:variable name="inner" select="concat($indent, $step)"/>
    <xsl:text>&lt;numatune</xsl:text>
    <xsl:apply-templates select="@*" mode="attribute"/>
    <xsl:call-template name="close">
      <xsl:with-param name="name" select="'numatune'"/>
      <xsl:with-param name="indent" select="$indent"/>
      <xsl:with-param name="children">
        <xsl:for-each select="node()">
          <xsl:choose>
            <xsl:when test="self::memory or self::memnode">
              <xsl:variable name="kind" select="ns:tune-slot(current(), 'kind')"/>
              <xsl:value-of select="concat($nl, $inner, '&lt;', $kind)"/>
              <xsl:if test="$kind = 'memnode'">
                <xsl:value-of select="concat(' cellid=', $q, ns:tune-slot(current(), 'cellid'), $q)"/>
              </xsl:if>
              <xsl:value-of select="concat(' mode=', $q, ns:tune-slot(current(), 'mode'), $q)"/>
              <xsl:variable name="placement" select="ns:tune-slot(current(), 'placement')"/>
              <xsl:choose>
                <xsl:when test="$placement != ''">
                  <xsl:value-of select="concat(' placement=', $q, $placement, $q)"/>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:value-of select="concat(' nodeset=', $q, ns:tune-slot(current(), 'nodeset'), $q)"/>
                </xsl:otherwise>
              </xsl:choose>
              <xsl:text>/&gt;</xsl:text>
            </xsl:when>
            <xsl:otherwise>
              <xsl:apply-templates select=".">
                <xsl:with-param name="indent" select="$inner"/>
              </xsl:apply-templates>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
