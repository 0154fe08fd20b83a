"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { ConversationSummary } from "@/lib/chat/types";
import { IconButton } from "@/components/ui/icon-button";
import { MoreIcon } from "@/components/ui/icons";
import { MenuItem } from "@/components/ui/menu-item";

export function ConversationRow({
  conversation,
  active,
  onRename,
  onDelete,
  onNavigate,
}: {
  conversation: ConversationSummary;
  active: boolean;
  onRename: (title: string) => Promise<boolean>;
  onDelete: () => void;
  onNavigate: () => void;
}) {
  const [menuOpen, setMenuOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(conversation.title);
  const ref = useRef<HTMLLIElement>(null);

  useEffect(() => {
    if (!menuOpen) return;
    const close = (event: PointerEvent) => {
      if (!ref.current?.contains(event.target as Node)) setMenuOpen(false);
    };
    document.addEventListener("pointerdown", close);
    return () => document.removeEventListener("pointerdown", close);
  }, [menuOpen]);

  const startRename = () => {
    setDraft(conversation.title);
    setEditing(true);
  };
  const choose = (then: () => void) => {
    setMenuOpen(false);
    then();
  };

  const save = async () => {
    const title = draft.trim();
    if (!title || title === conversation.title) {
      setEditing(false);
      setDraft(conversation.title);
      return;
    }
    if (await onRename(title)) setEditing(false);
  };

  if (editing) {
    return (
      <li ref={ref} className="px-2 py-1">
        <input
          aria-label="Chat title"
          autoFocus
          value={draft}
          maxLength={200}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => void save()}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void save();
            } else if (e.key === "Escape") {
              setEditing(false);
              setDraft(conversation.title);
            }
          }}
          className="w-full rounded border border-emerald-600 bg-white px-2 py-1 text-sm dark:bg-zinc-900"
        />
      </li>
    );
  }

  return (
    <li ref={ref} className="group relative">
      <Link
        href={`/c/${conversation.id}`}
        onClick={onNavigate}
        aria-current={active ? "page" : undefined}
        className={`block truncate rounded-md py-2 pr-9 pl-3 text-sm ${
          active ? "bg-zinc-200 font-medium dark:bg-zinc-800" : "hover:bg-zinc-100 dark:hover:bg-zinc-800/60"
        }`}
      >
        {conversation.title}
      </Link>
      <IconButton
        label="Conversation options"
        size="xs"
        tone="sunken"
        aria-haspopup="menu"
        aria-expanded={menuOpen}
        onClick={() => setMenuOpen((v) => !v)}
        className="absolute top-1/2 right-1 -translate-y-1/2 opacity-100 focus:opacity-100 sm:opacity-0 sm:group-hover:opacity-100"
      >
        <MoreIcon />
      </IconButton>
      {menuOpen ? (
        <div
          role="menu"
          aria-label="Conversation options"
          className="absolute top-9 right-1 z-30 w-36 rounded-md border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          <MenuItem onClick={() => choose(startRename)}>Rename</MenuItem>
          <MenuItem danger onClick={() => choose(onDelete)}>
            Delete
          </MenuItem>
        </div>
      ) : null}
    </li>
  );
}
