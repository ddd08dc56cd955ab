/**
 * Plain DOM stand-ins for @tarojs/components. Handlers get what Taro gives them: Input's
 * onInput/onBlur receive {detail: {value}}, Switch/Checkbox onChange {detail: {value}}.
 * Only DOM-safe props pass through (className, style, id, role, data-*, aria-*).
 */
import { createElement, useEffect, useRef, type ReactNode } from 'react';

type AnyProps = Record<string, any> & { children?: ReactNode };

function domProps(p: AnyProps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (k === 'className' || k === 'style' || k === 'id' || k === 'role' || k.startsWith('data-') || k.startsWith('aria-')) out[k] = v;
  }
  return out;
}

function host(tag: string) {
  return function HostElement(p: AnyProps) {
    return createElement(tag, { ...domProps(p), onClick: p.onClick }, p.children);
  };
}

export const View = host('div');
export const Text = host('span');
export const Label = host('label');
export const ScrollView = host('div');
export const Image = (p: AnyProps) => createElement('img', { ...domProps(p), src: p.src, alt: '', 'data-mode': p.mode });
/** The weapp's web-view: an iframe with its src, so a test can see which page it opens. */
export const WebView = (p: AnyProps) => createElement('iframe', { ...domProps(p), 'data-testid': p['data-testid'] ?? 'web-view', src: p.src, title: 'web-view' });

/**
 * A Button with openType='getPhoneNumber' hands its onGetPhoneNumber what WeChat gives it:
 * tests dispatch `new CustomEvent('getphonenumber', {detail: {code} | {errMsg, errno}})` on it.
 */
export function Button(p: AnyProps) {
  const ref = useRef<HTMLButtonElement>(null);
  const onPhone = p.onGetPhoneNumber as ((e: { detail: unknown }) => void) | undefined;
  useEffect(() => {
    const el = ref.current;
    if (!el || !onPhone) return;
    const listener = (e: Event) => onPhone({ detail: (e as CustomEvent).detail });
    el.addEventListener('getphonenumber', listener);
    return () => el.removeEventListener('getphonenumber', listener);
  }, [onPhone]);
  return createElement(
    'button',
    {
      ...domProps(p),
      ref,
      type: 'button',
      disabled: !!p.disabled,
      'data-open-type': p.openType,
      'data-loading': p.loading ? 'true' : undefined,
      onClick: p.disabled ? undefined : p.onClick,
    },
    p.children,
  );
}

export function Input(p: AnyProps) {
  return createElement('input', {
    ...domProps(p),
    type: p.type === 'number' || p.type === 'digit' ? 'tel' : 'text',
    value: p.value ?? '',
    placeholder: p.placeholder,
    maxLength: p.maxlength,
    disabled: !!p.disabled,
    onChange: (e: { target: HTMLInputElement }) => p.onInput?.({ detail: { value: e.target.value } }),
    onBlur: (e: { target: HTMLInputElement }) => p.onBlur?.({ detail: { value: e.target.value } }),
  });
}

export function Textarea(p: AnyProps) {
  return createElement('textarea', {
    ...domProps(p),
    value: p.value ?? '',
    onChange: (e: { target: HTMLTextAreaElement }) => p.onInput?.({ detail: { value: e.target.value } }),
  });
}

export function Form(p: AnyProps) {
  return createElement(
    'form',
    {
      ...domProps(p),
      onSubmit: (e: Event) => {
        e.preventDefault();
        p.onSubmit?.({ detail: { value: {} } });
      },
    },
    p.children,
  );
}

export function Switch(p: AnyProps) {
  return createElement('input', {
    ...domProps(p),
    type: 'checkbox',
    role: 'switch',
    checked: !!p.checked,
    onChange: (e: { target: HTMLInputElement }) => p.onChange?.({ detail: { value: e.target.checked } }),
  });
}

export function Checkbox(p: AnyProps) {
  return createElement('input', {
    ...domProps(p),
    type: 'checkbox',
    checked: !!p.checked,
    value: p.value,
    onChange: (e: { target: HTMLInputElement }) => p.onChange?.({ detail: { value: e.target.checked } }),
  });
}

/** A picker renders its children; tests drive it through data-testid on the child. */
export function Picker(p: AnyProps) {
  return createElement('div', { ...domProps(p), 'data-picker-mode': p.mode }, p.children);
}
