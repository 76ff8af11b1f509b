import { useEffect, useState } from 'react';
import type { HubApi } from '../api/hub.ts';
import { useApi } from '../hub.tsx';

/** Profile pictures are library files named profile_pic_…; one lookup per username per page load. */
const pictureIds = new Map<string, Promise<string | null>>();

export function profilePictureId(api: HubApi, username: string): Promise<string | null> {
  const key = username.toLowerCase();
  let found = pictureIds.get(key);
  if (!found) {
    found = api.files
      .list({ username: key, q: 'profile_pic', type: 'image', limit: 5 })
      .then((page) => page.items.find((file) => file.name.startsWith('profile_pic'))?.id ?? null)
      .catch(() => null)
      .then((id) => {
        if (id === null) pictureIds.delete(key); // not stored yet: ask again next time
        return id;
      });
    pictureIds.set(key, found);
  }
  return found;
}

/** A round profile picture from the library, or the first letter of the name when none was stored. */
export function Avatar({ username, size = 32 }: { username: string; size?: number }) {
  const api = useApi();
  const [fileId, setFileId] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    void profilePictureId(api, username).then((id) => {
      if (live) setFileId(id);
    });
    return () => {
      live = false;
    };
  }, [api, username]);
  const style = { width: size, height: size };
  if (!fileId || failed) {
    return (
      <span className="avatar avatar-letter" style={style} aria-hidden="true">
        {username.charAt(0).toUpperCase()}
      </span>
    );
  }
  return (
    <img
      className="avatar"
      style={style}
      src={api.files.thumbnailUrl(fileId)}
      alt=""
      data-testid="avatar"
      onError={() => setFailed(true)}
    />
  );
}
