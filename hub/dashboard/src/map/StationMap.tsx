/**
 * The stations on a map with their live status (online, people inside against capacity, open alarms), clustered at
 * city scale (supercluster), a click opening the station. Leaflet draws it over the configured tiles; without tiles
 * (offline, tests) the markers stand on a plain background with the districts' names where their stations are.
 */
import 'leaflet/dist/leaflet.css';
import './station-map.css';
import L from 'leaflet';
import { useEffect, useRef } from 'preact/hooks';
import Supercluster from 'supercluster';
import type { StationStatus } from '../../../src/live/schema.ts';
import type { MapTiles } from '../../../src/screens/map-schema.ts';

type Tone = 'alarm' | 'offline' | 'online';
interface Point {
  id: string;
  tone: Tone;
}

/** The worst of a station's states is the colour it shows: an alarm, then offline, then fine. */
const toneOf = (s: StationStatus): Tone => (s.openAlarms > 0 ? 'alarm' : s.online ? 'online' : 'offline');
const TONE_RANK: Record<Tone, number> = { online: 0, offline: 1, alarm: 2 };
/**
 * Markers are redrawn at most this often while the fleet changes, longer for a large fleet: re-clustering ten
 * thousand stations takes the page's thread for a moment, which the figures beside the map must not wait for.
 */
const redrawMs = (stations: number) => Math.max(400, Math.min(5_000, stations / 4));

export interface StationMapProps {
  stations: readonly StationStatus[];
  tiles: MapTiles['tiles'];
  onOpen(stationId: string): void;
  /** The big screen's dark look. */
  dark?: boolean;
  /** Words for a station's marker title, in the page's language. */
  describe(s: StationStatus): string;
}

export function StationMap(props: StationMapProps) {
  const element = useRef<HTMLDivElement>(null);
  const state = useRef<{
    map: L.Map;
    layer: L.LayerGroup;
    labels: L.LayerGroup;
    index: Supercluster<Point, { worst: number }>;
    byId: Map<string, StationStatus>;
    fitted: boolean;
    timer?: ReturnType<typeof setTimeout>;
  } | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const map = L.map(element.current!, { zoomControl: true, attributionControl: Boolean(props.tiles), minZoom: 3 });
    map.setView([34.26, 117.19], 11);
    if (props.tiles) {
      L.tileLayer(props.tiles.url, {
        attribution: props.tiles.attribution,
        subdomains: props.tiles.subdomains || 'abc',
        maxZoom: props.tiles.maxZoom,
      }).addTo(map);
    }
    const labels = L.layerGroup().addTo(map);
    const layer = L.layerGroup().addTo(map);
    state.current = {
      map,
      layer,
      labels,
      index: new Supercluster({
        radius: 60,
        maxZoom: 16,
        map: (p: Point) => ({ worst: TONE_RANK[p.tone] }),
        reduce: (a, b) => {
          a.worst = Math.max(a.worst, b.worst);
        },
      }),
      byId: new Map(),
      fitted: false,
    };
    map.on('moveend zoomend', () => draw());
    return () => {
      clearTimeout(state.current?.timer);
      map.remove();
      state.current = null;
    };
  }, [props.tiles?.url]);

  useEffect(() => {
    const s = state.current;
    if (!s || s.timer) return;
    s.timer = setTimeout(
      () => {
        s.timer = undefined;
        rebuild();
      },
      s.fitted ? redrawMs(props.stations.length) : 0,
    );
  }, [props.stations]);

  function rebuild(): void {
    const s = state.current;
    if (!s) return;
    const placed = latest.current.stations.filter((x) => x.lat !== null && x.lng !== null);
    s.byId = new Map(placed.map((x) => [x.id, x]));
    s.index.load(
      placed.map((x) => ({
        type: 'Feature' as const,
        properties: { id: x.id, tone: toneOf(x) },
        geometry: { type: 'Point' as const, coordinates: [x.lng!, x.lat!] },
      })),
    );
    if (!s.fitted && placed.length > 0) {
      s.fitted = true;
      // The page may have laid the map out since it was made (a grid cell): measure before fitting.
      s.map.invalidateSize();
      // More room on the right: a station's figure (4/10, its alarms) stands to the right of its dot.
      s.map.fitBounds(L.latLngBounds(placed.map((x) => [x.lat!, x.lng!])), {
        paddingTopLeft: [40, 40],
        paddingBottomRight: [110, 40],
        maxZoom: 13,
      });
    }
    if (!latest.current.tiles) districtLabels(s.labels, placed);
    draw();
  }

  function draw(): void {
    const s = state.current;
    if (!s) return;
    const b = s.map.getBounds();
    const zoom = Math.round(s.map.getZoom());
    // The zoom the markers were drawn for, for whoever watches the map (a test, a screen reader's user agent).
    element.current?.setAttribute('data-zoom', String(zoom));
    const clusters = s.index.getClusters([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()], zoom);
    s.layer.clearLayers();
    for (const c of clusters) {
      const [lng, lat] = c.geometry.coordinates as [number, number];
      if ('cluster' in c.properties && c.properties.cluster) {
        const worst = (c.properties as { worst: number }).worst;
        const tone = (Object.keys(TONE_RANK) as Tone[]).find((t) => TONE_RANK[t] === worst)!;
        const n = c.properties.point_count;
        const marker = L.marker([lat, lng], {
          icon: L.divIcon({
            className: `map-cluster ${tone}`,
            html: `<span>${n}</span>`,
            iconSize: [40, 40],
          }),
          keyboard: true,
          title: String(n),
        });
        const clusterId = c.properties.cluster_id;
        marker.on('click', () => s.map.setView([lat, lng], s.index.getClusterExpansionZoom(clusterId)));
        marker.addTo(s.layer);
        continue;
      }
      const station = s.byId.get((c.properties as Point).id);
      if (!station) continue;
      const tone = toneOf(station);
      const inside = station.online && station.inside !== null ? `${station.inside}/${station.capacity}` : '—';
      const marker = L.marker([lat, lng], {
        icon: L.divIcon({
          className: `map-station ${tone}`,
          html: `<span class="dot"></span><span class="figure">${inside}</span>${
            station.openAlarms > 0 ? `<span class="alarms">${station.openAlarms}</span>` : ''
          }`,
          iconSize: [72, 28],
          iconAnchor: [12, 14],
        }),
        keyboard: true,
        title: latest.current.describe(station),
        alt: latest.current.describe(station),
      });
      marker.on('click', () => latest.current.onOpen(station.id));
      marker.addTo(s.layer);
      marker.getElement()?.setAttribute('data-station', station.id);
      marker.getElement()?.setAttribute('data-tone', tone);
    }
  }

  return (
    <div
      ref={element}
      class={props.dark ? 'station-map dark' : 'station-map'}
      data-tiles={props.tiles ? 'yes' : 'no'}
    />
  );
}

/** Each district's name at the middle of its stations: the plain map's only geography. */
function districtLabels(layer: L.LayerGroup, stations: readonly StationStatus[]): void {
  layer.clearLayers();
  const sums = new Map<string, { lat: number; lng: number; n: number }>();
  for (const s of stations) {
    const d = sums.get(s.district) ?? { lat: 0, lng: 0, n: 0 };
    d.lat += s.lat!;
    d.lng += s.lng!;
    d.n += 1;
    sums.set(s.district, d);
  }
  for (const [district, d] of sums) {
    L.marker([d.lat / d.n, d.lng / d.n], {
      icon: L.divIcon({
        className: 'map-district',
        html: `<span lang="zh-CN">${escaped(district)}</span>`,
        iconSize: [120, 24],
        // Above the middle of its stations, so that a district of one station does not cover its dot.
        iconAnchor: [60, 44],
      }),
      interactive: false,
      keyboard: false,
    }).addTo(layer);
  }
}

/** Text for a divIcon's HTML: the registry's names are the office's input, not markup. */
const escaped = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
