/** How a page says that it is reading, that a read or an action failed, and that there is more to read. */
import { useEffect, useRef } from 'preact/hooks';
import type { ApiError } from '../model/api.ts';
import { failureDetail, failureText, type StringKey, t } from '../model/i18n.ts';
import type { ActionState, PagedList, Remote } from '../model/remote.ts';
import { sessionEnded } from '../model/session.ts';

/** A failed read: what could not be read, why, and a retry (or the way back to sign-in when the session ended). */
export function LoadFailure(props: { what: StringKey; error: ApiError; onRetry: () => void; retrying?: boolean }) {
  const { error } = props;
  const detail = failureDetail(error);
  const signedOut = error.kind === 'signed-out';
  return (
    <div class="notice error" role="alert" data-failure={error.kind}>
      <div>
        <strong>{t(props.what)}</strong> <span>{failureText(error)}</span>
        {detail && <div class="notice-detail">{detail}</div>}
      </div>
      <button type="button" class="small" disabled={props.retrying} onClick={signedOut ? sessionEnded : props.onRetry}>
        {t(signedOut ? 'session.signInAgain' : 'common.retry')}
      </button>
    </div>
  );
}

export function Loading() {
  return (
    <p class="muted loading" aria-busy="true">
      {t('common.loading')}
    </p>
  );
}

/** The outcome of an action beside its control: saving, saved, or why it failed. */
export function ActionNote(props: { state: ActionState | undefined; failed: StringKey; done?: StringKey }) {
  const { state } = props;
  if (!state) return null;
  if (state.status === 'pending') return <span class="muted">{t('common.pending')}</span>;
  if (state.status === 'done') {
    return props.done ? (
      <span role="status" class="muted">
        {t(props.done)}
      </span>
    ) : null;
  }
  const detail = failureDetail(state.error);
  return (
    <span role="alert" class="action-error" data-failure={state.error.kind}>
      {t(props.failed)}
      {t('common.colon')}
      {failureText(state.error)}
      {detail ? ` · ${detail}` : ''}
    </span>
  );
}

/** Under a list: "more" while the hub has a following page, with its own failure and retry. */
export function MoreButton(props: { list: PagedList<unknown, unknown> }) {
  const { list } = props;
  if (list.moreError.value) {
    return <LoadFailure what="load.more" error={list.moreError.value} onRetry={() => void list.more()} />;
  }
  if (!list.hasMore.value) return null;
  return (
    <p class="more">
      <button type="button" disabled={list.loadingMore.value} onClick={() => void list.more()}>
        {list.loadingMore.value ? t('common.loading') : t('common.more')}
      </button>
    </p>
  );
}

/**
 * Reads a list when its page opens, and again (as many rows as shown) whenever the hub says it changed:
 * `changed` is that list's counter in the overview model.
 */
export function useLiveList(list: { load(): Promise<void>; refresh(): Promise<void> }, changed: number): void {
  const opened = useRef(false);
  useEffect(() => {
    void (opened.current ? list.refresh() : list.load());
    opened.current = true;
  }, [changed]);
}

/** A list page's state above its rows: reading for the first time, or why the newest page could not be read. */
export function ListState(props: { list: PagedList<unknown, unknown>; what: StringKey }) {
  const { list } = props;
  if (list.error.value) {
    return (
      <LoadFailure
        what={props.what}
        error={list.error.value}
        retrying={list.loading.value}
        onRetry={() => void list.load()}
      />
    );
  }
  return list.loading.value && list.page.value === null ? <Loading /> : null;
}

/** A read's state where its data goes: reading for the first time, or why it could not be read. */
export function ReadState(props: { remote: Remote<unknown>; what: StringKey }) {
  const { remote } = props;
  if (remote.error.value) {
    return (
      <LoadFailure
        what={props.what}
        error={remote.error.value}
        retrying={remote.loading.value}
        onRetry={() => void remote.load()}
      />
    );
  }
  return remote.loading.value && remote.data.value === null ? <Loading /> : null;
}
