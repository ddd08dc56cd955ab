import { Button, Image, Input, Picker, Text, Textarea, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import type { ArticleView, ContentTopic, RichNode, SanitizeNote } from '@healthpocket/shared-types';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { PageShell } from '../../../components/PageShell';
import { RichBody } from '../../../components/RichBody';
import { StatusView } from '../../../components/StatusView';
import { apiBase, fieldErrorsOf, messageOf } from '../../../services/api';
import { ROUTES, withQuery } from '../../../services/routes';
import { ARTICLE_STATUS_LABELS, CONTENT_TOPICS, COVER_LIMITS, REVISION_STATUS_LABELS, TOPIC_LABELS, chinaTime, consoleApi, type ArticleFields } from '../../api';
import { RevisionsPanel } from '../../components/RevisionsPanel';
import { asyncHandler, showToast } from '../../../services/ui';
import { navigateTo } from '../../../services/navigate';
import '../../console.scss';

const EMPTY: ArticleFields = { title: '', summary: '', bodyMd: '', topics: [], coverImageId: null };

function chinaNowPlus(minutes: number): { date: string; time: string } {
  const d = new Date(Date.now() + 8 * 3600_000 + minutes * 60_000).toISOString();
  return { date: d.slice(0, 10), time: d.slice(11, 16) };
}

/** Write or edit an article: Markdown with the residents' rendering beside it, cover, topics, publish now or later. */
export default function ConsoleEdit() {
  const { params } = useRouter();
  const [id, setId] = useState<string | undefined>(params.id || undefined);
  const [article, setArticle] = useState<ArticleView | null>(null);
  const [f, setF] = useState<ArticleFields>(EMPTY);
  const [coverUrl, setCoverUrl] = useState<string | null>(null);
  const [loading, setLoading] = useState(!!params.id);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<RichNode[]>([]);
  const [confirm, setConfirm] = useState<null | 'publish' | 'unpublish' | 'submit'>(null);
  const [removed, setRemoved] = useState<SanitizeNote[]>([]);
  const [when, setWhen] = useState(() => chinaNowPlus(60));
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // The editor shows the version being written or reviewed; residents keep the live one meanwhile.
  const take = (a: ArticleView) => {
    setArticle(a);
    setId(a.id);
    const w = a.working ?? a;
    setF({ title: w.title, summary: w.summary, bodyMd: w.bodyMd, topics: w.topics, coverImageId: w.coverImageId });
    setCoverUrl(w.coverImageId === a.coverImageId ? a.coverUrl : w.coverImageId ? `/api/v1/content/images/${w.coverImageId}` : null);
    if (a.removed) setRemoved(a.removed);
  };

  const load = async () => {
    if (!params.id) return;
    setLoading(true);
    setLoadError(null);
    try {
      take(await consoleApi.article(params.id));
    } catch (e) {
      setLoadError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The preview is rendered by the BFF, with the same sanitiser residents get.
  useEffect(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!f.bodyMd.trim()) return setPreview([]);
      consoleApi
        .preview(f.bodyMd)
        .then((r) => setPreview(r.nodes))
        .catch(() => undefined);
    }, 400);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [f.bodyMd]);

  const set = <K extends keyof ArticleFields>(k: K, v: ArticleFields[K]) => setF((x) => ({ ...x, [k]: v }));
  const toggleTopic = (t: ContentTopic) => set('topics', f.topics.includes(t) ? f.topics.filter((x) => x !== t) : [...f.topics, t].slice(0, 3));

  /** Saves the form; returns the saved article or null (the error is on screen). */
  const save = async (): Promise<ArticleView | null> => {
    setError(null);
    setFieldErrors({});
    try {
      const saved = id && article ? await consoleApi.update(id, { ...f, version: article.version }) : await consoleApi.create(f);
      take(saved);
      if (!params.id) Taro.setNavigationBarTitle({ title: '编辑文章' }).catch(() => undefined);
      return saved;
    } catch (e) {
      setError(messageOf(e));
      setFieldErrors(fieldErrorsOf(e));
      return null;
    }
  };

  const run = async (name: string, fn: () => Promise<void>) => {
    setBusy(name);
    try {
      await fn();
    } finally {
      setBusy(null);
    }
  };

  const onSave = () =>
    run('save', async () => {
      if (await save()) showToast({ title: '已保存', icon: 'none' });
    });

  const onSubmit = () =>
    run('submit', async () => {
      setConfirm(null);
      const saved = await save();
      if (!saved?.working) return;
      try {
        take(await consoleApi.submit(saved.id, saved.working.number));
        showToast({ title: '已提交医学审核', icon: 'none' });
      } catch (e) {
        setError(messageOf(e));
      }
    });

  const onPublish = (at?: string) =>
    run(at ? 'schedule' : 'publish', async () => {
      setConfirm(null);
      try {
        take(await consoleApi.publish(id!, at));
        showToast({ title: at ? '已设置定时发布' : '已发布', icon: 'none' });
      } catch (e) {
        setError(messageOf(e));
      }
    });

  const onUnpublish = () =>
    run('unpublish', async () => {
      setConfirm(null);
      try {
        take(await consoleApi.unpublish(id!));
        showToast({ title: '已下线', icon: 'none' });
      } catch (e) {
        setError(messageOf(e));
      }
    });

  const onCover = () =>
    run('cover', async () => {
      let picked;
      try {
        picked = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      } catch {
        return; // cancelled
      }
      const file = picked.tempFiles[0];
      if (file?.size && file.size > COVER_LIMITS.maxBytes) {
        setError('封面图片不能超过2MB，请压缩后再上传');
        return;
      }
      try {
        const up = await consoleApi.uploadCover(picked.tempFilePaths[0]);
        set('coverImageId', up.id);
        setCoverUrl(up.url);
      } catch (e) {
        setError(messageOf(e));
      }
    });

  const status = article?.status;
  const working = article?.working ?? null;
  // What may happen next: edit and submit a draft (or a version sent back), publish an approved one.
  const editable = !working || working.status === 'draft' || working.status === 'rejected' || working.status === 'approved';
  const canSubmit = working ? working.status === 'draft' || working.status === 'rejected' : status !== 'published';
  const canPublish = working?.status === 'approved';
  return (
    <PageShell className='cs' testId='console-edit'>
      <StatusView loading={loading} error={loadError} onRetry={asyncHandler(load)}>
        <View className='cs-wrap'>
          <View className='cs-head'>
            <Text className='cs-head__title'>{id ? '编辑文章' : '写文章'}</Text>
            {status && (
              <Text className={`cs-status cs-status--${status}`} data-testid='editor-status'>
                {ARTICLE_STATUS_LABELS[status]}
                {status === 'scheduled' && article?.publishAt ? ` ${chinaTime(article.publishAt)}` : ''}
              </Text>
            )}
          </View>
          {error && (
            <View className='hp-alert hp-alert--error' data-testid='editor-error'>
              {error}
            </View>
          )}
          {working && (
            <View className='cs-review' data-testid='editor-review'>
              <View className='cs-review__head'>
                <Text>第{working.number}版</Text>
                <Text className={`cs-status cs-status--${working.status}`} data-testid='editor-review-status'>
                  {REVISION_STATUS_LABELS[working.status]}
                </Text>
                {article?.liveRevision ? <Text>居民正在看第{article.liveRevision}版，审核通过并发布后才会替换</Text> : null}
              </View>
              {working.status === 'submitted' && <Text className='cs-review__note'>正在等待医学审核，审核完成前不能修改。</Text>}
              {working.reviewNote && <Text className='cs-review__note'>审核意见：{working.reviewNote}</Text>}
            </View>
          )}
          {removed.length > 0 && (
            <View className='hp-alert hp-alert--warn' data-testid='editor-removed'>
              <Text className='cs-block'>保存成功，但以下内容不会展示给居民：</Text>
              {removed.map((n, i) => (
                <Text key={i} className='cs-block'>
                  · {n.what}：{n.why}
                </Text>
              ))}
            </View>
          )}
          <View className='cs-editor'>
            <View className='cs-editor__form hp-form'>
              <View className='hp-field'>
                <Text className='hp-field__label'>标题（最多40字）</Text>
                <Input
                  className={`hp-field__input ${fieldErrors.title ? 'hp-field__input--error' : ''}`}
                  data-testid='editor-title'
                  maxlength={40}
                  value={f.title}
                  placeholder='例如：冬季高血压患者如何监测血压'
                  onInput={(e) => set('title', e.detail.value)}
                />
                {fieldErrors.title && <Text className='hp-field__error'>{fieldErrors.title}</Text>}
              </View>
              <View className='hp-field'>
                <Text className='hp-field__label'>摘要（最多120字，推送时作为提示）</Text>
                <Textarea className='hp-field__input cs-textarea cs-textarea--short' data-testid='editor-summary' maxlength={120} value={f.summary} onInput={(e) => set('summary', e.detail.value)} />
              </View>
              <View className='hp-field'>
                <Text className='hp-field__label'>主题（1–3个）</Text>
                <View className='hp-chips'>
                  {CONTENT_TOPICS.map((t) => (
                    <View
                      role='button'
                      aria-pressed={f.topics.includes(t) ? 'true' : 'false'}
                      key={t}
                      className={`hp-chip ${f.topics.includes(t) ? 'hp-chip--active' : ''}`}
                      data-testid={`editor-topic-${t}`}
                      onClick={() => toggleTopic(t)}
                    >
                      {TOPIC_LABELS[t]}
                    </View>
                  ))}
                </View>
                {fieldErrors.topics && <Text className='hp-field__error'>{fieldErrors.topics}</Text>}
              </View>
              <View className='hp-field'>
                <Text className='hp-field__label'>封面（JPG/PNG/WebP，不超过2MB）</Text>
                <View className='cs-cover'>
                  {coverUrl && <Image className='cs-cover__img' src={coverUrl.startsWith('/') ? `${apiBase()}${coverUrl}` : coverUrl} mode='aspectFill' data-testid='editor-cover-img' />}
                  <Button className='hp-btn hp-btn--ghost hp-btn--small' data-testid='editor-cover' loading={busy === 'cover'} onClick={asyncHandler(onCover)}>
                    {coverUrl ? '更换封面' : '上传封面'}
                  </Button>
                </View>
              </View>
              <View className='hp-field'>
                <Text className='hp-field__label'>正文（Markdown：## 小标题、**加粗**、- 列表、&gt; 提示）</Text>
                <Textarea
                  className={`hp-field__input cs-textarea ${fieldErrors.bodyMd ? 'hp-field__input--error' : ''}`}
                  data-testid='editor-body'
                  maxlength={15000}
                  value={f.bodyMd}
                  onInput={(e) => set('bodyMd', e.detail.value)}
                />
                {fieldErrors.bodyMd && <Text className='hp-field__error'>{fieldErrors.bodyMd}</Text>}
              </View>
            </View>
            <View className='cs-editor__preview'>
              <Text className='hp-field__label'>居民看到的效果</Text>
              <View className='cs-phone' data-testid='editor-preview'>
                <Text className='cs-phone__title'>{f.title || '（标题）'}</Text>
                <RichBody nodes={preview} />
              </View>
            </View>
          </View>

          <View className='cs-actions'>
            {editable && (
              <Button className='hp-btn hp-btn--ghost' data-testid='editor-save' loading={busy === 'save'} onClick={asyncHandler(onSave)}>
                {status === 'published' && !working ? '保存为新版本' : '保存草稿'}
              </Button>
            )}
            {canSubmit && (
              <Button className='hp-btn' data-testid='editor-submit' loading={busy === 'submit'} onClick={() => setConfirm('submit')}>
                提交审核
              </Button>
            )}
            {canPublish && (
              <Button className='hp-btn' data-testid='editor-publish' loading={busy === 'publish'} onClick={() => setConfirm('publish')}>
                {status === 'published' ? '发布新版本' : '立即发布'}
              </Button>
            )}
            {(status === 'published' || status === 'scheduled') && (
              <Button className='hp-btn hp-btn--danger' data-testid='editor-unpublish' loading={busy === 'unpublish'} onClick={() => setConfirm('unpublish')}>
                下线
              </Button>
            )}
            {status === 'published' && id && (
              <Button className='hp-btn hp-btn--plain' data-testid='editor-push' onClick={() => navigateTo({ url: withQuery(ROUTES.consoleCampaign, { articleId: id }) })}>
                推送给居民
              </Button>
            )}
          </View>
          {canPublish && status !== 'published' && (
            <View className='cs-schedule hp-form'>
              <Text className='hp-field__label'>定时发布（北京时间）</Text>
              <View className='hp-field__row'>
                <Picker mode='date' value={when.date} onChange={(e) => setWhen((w) => ({ ...w, date: String(e.detail.value) }))}>
                  <View className='hp-chip' data-testid='editor-date'>
                    {when.date}
                  </View>
                </Picker>
                <Picker mode='time' value={when.time} onChange={(e) => setWhen((w) => ({ ...w, time: String(e.detail.value) }))}>
                  <View className='hp-chip' data-testid='editor-time'>
                    {when.time}
                  </View>
                </Picker>
                <Button
                  className='hp-btn hp-btn--ghost hp-btn--small'
                  data-testid='editor-schedule'
                  loading={busy === 'schedule'}
                  onClick={asyncHandler(() => onPublish(`${when.date}T${when.time}:00+08:00`))}
                >
                  定时发布
                </Button>
              </View>
            </View>
          )}
          {article && <RevisionsPanel article={article} onChanged={take} />}
        </View>
      </StatusView>
      <ConfirmDialog
        open={confirm === 'submit'}
        title='提交医学审核'
        content='提交后由医学审核人员审核，审核通过才能发布；审核期间不能修改。'
        confirmText='提交'
        busy={busy === 'submit'}
        onConfirm={asyncHandler(onSubmit)}
        onCancel={() => setConfirm(null)}
      />
      <ConfirmDialog
        open={confirm === 'publish'}
        title='发布文章'
        content={status === 'published' ? '发布后居民看到的内容将替换为审核通过的新版本。' : '发布后所有居民都能在「健康资讯」中看到这篇文章。'}
        confirmText='发布'
        busy={busy === 'publish'}
        onConfirm={asyncHandler(() => onPublish())}
        onCancel={() => setConfirm(null)}
      />
      <ConfirmDialog
        open={confirm === 'unpublish'}
        title='下线文章'
        content='下线后居民将看不到这篇文章，正在进行的推送会停止。'
        confirmText='下线'
        danger
        busy={busy === 'unpublish'}
        onConfirm={asyncHandler(onUnpublish)}
        onCancel={() => setConfirm(null)}
      />
    </PageShell>
  );
}
