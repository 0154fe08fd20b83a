"use client";

import Link from "next/link";
import { announceNewChat } from "@/components/chat/new-chat";
import { IconButton } from "@/components/ui/icon-button";
import { NewChatIcon, SidebarIcon } from "@/components/ui/icons";

export function SidebarHeader({ isPhone, onClose }: { isPhone: boolean; onClose: () => void }) {
  return (
    <div className="flex items-center justify-between gap-2 p-2">
      <IconButton label="Close sidebar" size="md" tone="sunken" onClick={onClose}>
        <SidebarIcon />
      </IconButton>
      <Link
        href="/"
        aria-label="New chat"
        onClick={() => {
          announceNewChat();
          if (isPhone) onClose();
        }}
        className="flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium hover:bg-zinc-200 dark:hover:bg-zinc-800"
      >
        <NewChatIcon small />
        New chat
      </Link>
    </div>
  );
}
