/**
 * The station map, loaded after the page's first figures: Leaflet and the clustering are half of the big screen's
 * script, and the totals beside the map must not wait for them. Until it has come, an empty map area stands there.
 */
import { useEffect, useState } from 'preact/hooks';
import type { StationMap as Loaded, StationMapProps } from './StationMap.tsx';

let loading: Promise<typeof Loaded> | undefined;

export function StationMap(props: StationMapProps) {
  const [Shown, setShown] = useState<typeof Loaded | null>(null);
  useEffect(() => {
    let mounted = true;
    loading ??= import('./StationMap.tsx').then((m) => m.StationMap);
    void loading.then((loaded) => mounted && setShown(() => loaded));
    return () => {
      mounted = false;
    };
  }, []);
  if (Shown) return <Shown {...props} />;
  return <div class={props.dark ? 'station-map dark' : 'station-map'} aria-busy="true" />;
}
