'use client';
// The page: log in (ensureLogin), ask the app who this is, then get the JS-SDK ready.
import { createWxClient } from '@wxkit/browser';
import { useEffect, useState } from 'react';

export default function Home() {
  const [who, setWho] = useState('…');
  const [jssdk, setJssdk] = useState('准备中…');
  useEffect(() => {
    const wx = createWxClient({ api: '/wx', platform: '__PLATFORM__' });
    const state = (text) => {
      setJssdk(text);
      document.body.dataset.jssdk = text;
    };
    (async () => {
      await wx.ensureLogin();
      const me = await (await wx.fetch('/api/me')).json();
      setWho(`你好，${me.user.name}`);
      await wx.ready(['closeWindow']);
      state('ready');
    })().catch((error) => state(`error: ${error.message}`));
  }, []);
  return (
    <main style={{ font: '16px/1.5 system-ui, sans-serif', margin: '2rem auto', maxWidth: '32rem' }}>
      <h1>{who}</h1>
      <p>JS-SDK: {jssdk}</p>
    </main>
  );
}
