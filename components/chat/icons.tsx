// Small inline icons (no icon font or package: nothing to download, nothing to bundle twice).
const base = {
  "aria-hidden": true,
  viewBox: "0 0 20 20",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 1.6,
} as const;

export const CopyIcon = () => (
  <svg {...base} className="size-4">
    <rect x="7" y="7" width="10" height="10" rx="2" />
    <path d="M13 7V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h2" />
  </svg>
);
export const CheckIcon = () => (
  <svg {...base} className="size-4">
    <path d="m4 10 4 4 8-8" />
  </svg>
);
export const RegenerateIcon = () => (
  <svg {...base} className="size-4">
    <path d="M16 10a6 6 0 1 1-2-4.5M16 3v4h-4" />
  </svg>
);
export const ThumbUpIcon = ({ filled = false }: { filled?: boolean }) => (
  <svg {...base} fill={filled ? "currentColor" : "none"} className="size-4">
    <path d="M7 9v8H4V9h3zm0 0 3-6a2 2 0 0 1 2 2v3h4a1.5 1.5 0 0 1 1.5 1.8l-1.2 6A1.5 1.5 0 0 1 14.8 17H7" />
  </svg>
);
export const ThumbDownIcon = ({ filled = false }: { filled?: boolean }) => (
  <svg {...base} fill={filled ? "currentColor" : "none"} className="size-4">
    <path d="M13 11V3h3v8h-3zm0 0-3 6a2 2 0 0 1-2-2v-3H4a1.5 1.5 0 0 1-1.5-1.8l1.2-6A1.5 1.5 0 0 1 5.2 3H13" />
  </svg>
);
export const EditIcon = () => (
  <svg {...base} className="size-4">
    <path d="M4 16h3l8.5-8.5a2 2 0 0 0-3-3L4 13v3z" />
  </svg>
);
export const InfoIcon = () => (
  <svg {...base} className="size-4">
    <circle cx="10" cy="10" r="7" />
    <path d="M10 9v5M10 6.5v.5" />
  </svg>
);
export const SendIcon = () => (
  <svg {...base} className="size-4" strokeWidth={2}>
    <path d="M10 16V4M5 9l5-5 5 5" />
  </svg>
);
export const StopIcon = () => (
  <svg aria-hidden viewBox="0 0 20 20" className="size-4" fill="currentColor">
    <rect x="5" y="5" width="10" height="10" rx="1.5" />
  </svg>
);
export const MenuIcon = () => (
  <svg {...base} className="size-5">
    <path d="M3 5h14M3 10h14M3 15h14" />
  </svg>
);
export const NewChatIcon = ({ small = false }: { small?: boolean }) => (
  <svg {...base} className={small ? "size-4" : "size-5"}>
    <path d="M4 16h3l8.5-8.5a2 2 0 0 0-3-3L4 13v3z" />
  </svg>
);
export const SidebarIcon = () => (
  <svg {...base} className="size-5">
    <rect x="3" y="4" width="14" height="12" rx="2" />
    <path d="M8 4v12" />
  </svg>
);
export const CloseIcon = () => (
  <svg {...base} className="size-4">
    <path d="m5 5 10 10M15 5 5 15" />
  </svg>
);
