<?xml version="1.0" encoding="UTF-8"?>
<!--
  numaschema: the canonical form of a guest domain (docs/canonical-form.md).

  The stylesheet does the tree work: cells in id order with explicit ids, attributes in one
  fixed order, <distances> rebuilt per the distances mode, a cell's HMAT caches by level after
  its <distances> and the HMAT figures (<interconnects>) in one order after the cells, as libvirt
  writes them, whitespace-only indentation dropped so that the serializer lays everything out in
  one style. Everything outside <cpu><numa> is copied as it is, in order: elements, text,
  comments, processing instructions.

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
    ns:decimal(text)       an unsigned number in plain decimal (XPath's string() would write
                           large numbers with an exponent)
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:ns="urn:numaschema"
    xmlns:exsl="http://exslt.org/common"
    extension-element-prefixes="ns exsl"
    exclude-result-prefixes="ns exsl">

  <xsl:output method="xml" indent="yes" encoding="UTF-8" omit-xml-declaration="yes"/>

  <!-- full | minimal | asis -->
  <xsl:param name="distances" select="'full'"/>

  <!-- The name of the processing instruction that stands for one cell's row of <sibling>s in
       full and minimal mode, its data the cell's id. Swift writes the rows in its place, straight
       from the completed matrix: a guest of 1,024 cells has 1,048,576 siblings, which as result
       tree nodes would take gigabytes. The name is chosen per run, unlike anything in the input. -->
  <xsl:param name="row-marker" select="'numaschema-row'"/>

  <!-- A cell's id: given, or its position among the cells (libvirt's rule). -->
  <xsl:key name="cell-by-position" match="/domain/cpu[1]/numa[1]/cell" use="ns:index(.)"/>

  <!-- The document: each top-level node (comments, processing instructions, the root) on a line
       of its own. -->
  <xsl:template match="/">
    <xsl:for-each select="node()">
      <xsl:apply-templates select="."/>
      <!-- the serializer already ends a top-level comment with a newline -->
      <xsl:if test="position() != last() and not(self::comment())">
        <xsl:text>&#10;</xsl:text>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- Copy everything as it is. -->
  <xsl:template match="@*|node()">
    <xsl:copy>
      <xsl:apply-templates select="@*|node()"/>
    </xsl:copy>
  </xsl:template>

  <!-- Indentation between elements is layout, not content: the serializer lays it out anew.
       Text of elements that hold only text (or mixed content) is kept as it is. -->
  <xsl:template match="text()[normalize-space(.) = '' and ../*[1]]"/>

  <!-- The NUMA topology of the domain. -->
  <xsl:template match="/domain/cpu[1]/numa[1]">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <!-- The children in document order; the k-th cell's place is taken by the k-th cell in id
           order, so comments and other children between cells keep their places. The
           <interconnects> follow the last cell, where libvirt writes them. -->
      <xsl:for-each select="node()">
        <xsl:choose>
          <xsl:when test="self::cell">
            <!-- the cell that takes this place: the k-th in id order (Swift sorts the cells once;
                 a node-set indexed per cell would make this loop quadratic in the cells) -->
            <xsl:variable name="position" select="ns:sorted-cell(current(), 'position')"/>
            <xsl:variable name="id" select="ns:sorted-cell(current(), 'id')"/>
            <!-- key() looks up in the input document: the context is there already -->
            <xsl:apply-templates select="key('cell-by-position', $position)" mode="cell">
              <xsl:with-param name="id" select="$id"/>
            </xsl:apply-templates>
            <xsl:if test="ns:sorted-cell(current(), 'last') = 'yes'">
              <xsl:apply-templates select="../interconnects" mode="hmat"/>
            </xsl:if>
          </xsl:when>
          <xsl:when test="self::interconnects"/>
          <xsl:otherwise>
            <xsl:apply-templates select="."/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="cell" mode="cell">
    <xsl:param name="id"/>
    <xsl:copy>
      <xsl:attribute name="id"><xsl:value-of select="$id"/></xsl:attribute>
      <xsl:variable name="cpus" select="ns:cpus(string(@cpus))"/>
      <xsl:if test="$cpus != ''">
        <xsl:attribute name="cpus"><xsl:value-of select="$cpus"/></xsl:attribute>
      </xsl:if>
      <xsl:attribute name="memory"><xsl:value-of select="ns:kib(string(@memory), string(@unit), boolean(@unit))"/></xsl:attribute>
      <xsl:attribute name="unit">KiB</xsl:attribute>
      <xsl:apply-templates select="@memAccess"/>
      <xsl:apply-templates select="@discard"/>
      <!-- The distance row, then the caches by level (libvirt's order), take the place of the
           first <distances> or <cache>, or come first. -->
      <xsl:if test="not(distances or cache)">
        <xsl:call-template name="distances">
          <xsl:with-param name="id" select="$id"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:for-each select="node()">
        <xsl:choose>
          <xsl:when test="(self::distances or self::cache) and not(preceding-sibling::distances or preceding-sibling::cache)">
            <xsl:for-each select="..">
              <xsl:call-template name="distances">
                <xsl:with-param name="id" select="$id"/>
              </xsl:call-template>
              <xsl:apply-templates select="cache" mode="hmat">
                <xsl:sort select="@level" data-type="number"/>
              </xsl:apply-templates>
            </xsl:for-each>
          </xsl:when>
          <xsl:when test="self::distances or self::cache"/>
          <xsl:otherwise>
            <xsl:apply-templates select="."/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <!-- An HMAT cache: attributes in libvirt's order (level, associativity, policy), then <size>
       and <line> (value, unit) at the place of the first of them. The unit is kept as given:
       libvirt 9.0.0 reads a size as KiB and a line as bytes whatever it says. -->
  <xsl:template match="cache" mode="hmat">
    <xsl:copy>
      <xsl:attribute name="level"><xsl:value-of select="ns:decimal(string(@level))"/></xsl:attribute>
      <xsl:apply-templates select="@associativity"/>
      <xsl:apply-templates select="@policy"/>
      <xsl:for-each select="node()">
        <xsl:choose>
          <xsl:when test="(self::size or self::line) and not(preceding-sibling::size or preceding-sibling::line)">
            <xsl:apply-templates select="../size" mode="hmat"/>
            <xsl:apply-templates select="../line" mode="hmat"/>
          </xsl:when>
          <xsl:when test="self::size or self::line"/>
          <xsl:otherwise>
            <xsl:apply-templates select="."/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="size|line" mode="hmat">
    <xsl:copy>
      <xsl:attribute name="value"><xsl:value-of select="ns:decimal(string(@value))"/></xsl:attribute>
      <xsl:apply-templates select="@unit"/>
    </xsl:copy>
  </xsl:template>

  <!-- The HMAT figures in canonical order: latencies, then bandwidths, each by initiator, target,
       cache and type; the k-th figure's place is taken by the k-th in that order, so comments
       between them keep their places. Attributes as libvirt writes them. -->
  <xsl:template match="interconnects" mode="hmat">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="node()">
        <xsl:choose>
          <xsl:when test="self::latency or self::bandwidth">
            <xsl:element name="{ns:sorted-figure(current(), 'kind')}">
              <xsl:attribute name="initiator"><xsl:value-of select="ns:sorted-figure(current(), 'initiator')"/></xsl:attribute>
              <xsl:attribute name="target"><xsl:value-of select="ns:sorted-figure(current(), 'target')"/></xsl:attribute>
              <xsl:variable name="cache" select="ns:sorted-figure(current(), 'cache')"/>
              <xsl:if test="$cache != ''">
                <xsl:attribute name="cache"><xsl:value-of select="$cache"/></xsl:attribute>
              </xsl:if>
              <xsl:attribute name="type"><xsl:value-of select="ns:sorted-figure(current(), 'type')"/></xsl:attribute>
              <xsl:attribute name="value"><xsl:value-of select="ns:sorted-figure(current(), 'value')"/></xsl:attribute>
              <xsl:variable name="unit" select="ns:sorted-figure(current(), 'unit')"/>
              <xsl:if test="$unit != ''">
                <xsl:attribute name="unit"><xsl:value-of select="$unit"/></xsl:attribute>
              </xsl:if>
            </xsl:element>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="."/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <!-- The distance row of one cell, per the mode. -->
  <xsl:template name="distances">
    <xsl:param name="id"/>
    <!-- full: every sibling, ids 0..N-1 (cell ids are exactly those), completed values;
         minimal: the entries completion cannot infer; both written by Swift at the marker. -->
    <xsl:choose>
      <xsl:when test="$distances = 'asis'">
        <xsl:for-each select="distances[1]">
          <xsl:copy>
            <xsl:apply-templates select="@*"/>
            <!-- siblings in id order in the siblings' places; comments stay where they are -->
            <xsl:for-each select="node()">
              <xsl:choose>
                <xsl:when test="self::sibling">
                  <sibling id="{ns:sorted-sibling(current(), 'id')}" value="{ns:sorted-sibling(current(), 'value')}"/>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:apply-templates select="."/>
                </xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
          </xsl:copy>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="$distances = 'minimal'">
        <xsl:if test="ns:row-needed($id)">
          <distances>
            <xsl:processing-instruction name="{$row-marker}"><xsl:value-of select="$id"/></xsl:processing-instruction>
          </distances>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <distances>
          <xsl:processing-instruction name="{$row-marker}"><xsl:value-of select="$id"/></xsl:processing-instruction>
        </distances>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
