import type { SVGProps } from "react";

// Small inline icons (no icon font or package: nothing to download, nothing to bundle twice). They
// are decorative: the button around them carries the accessible name.
function Icon({ large = false, ...props }: SVGProps<SVGSVGElement> & { large?: boolean }) {
  return (
    <svg
      aria-hidden
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      className={large ? "size-5" : "size-4"}
      {...props}
    />
  );
}

const PENCIL = "M4 16h3l8.5-8.5a2 2 0 0 0-3-3L4 13v3z";

export const CopyIcon = () => (
  <Icon>
    <rect x="7" y="7" width="10" height="10" rx="2" />
    <path d="M13 7V5a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h2" />
  </Icon>
);
export const CheckIcon = () => <Icon>{<path d="m4 10 4 4 8-8" />}</Icon>;
export const RegenerateIcon = () => <Icon>{<path d="M16 10a6 6 0 1 1-2-4.5M16 3v4h-4" />}</Icon>;
export const ThumbUpIcon = ({ filled = false }: { filled?: boolean }) => (
  <Icon fill={filled ? "currentColor" : "none"}>
    <path d="M7 9v8H4V9h3zm0 0 3-6a2 2 0 0 1 2 2v3h4a1.5 1.5 0 0 1 1.5 1.8l-1.2 6A1.5 1.5 0 0 1 14.8 17H7" />
  </Icon>
);
export const ThumbDownIcon = ({ filled = false }: { filled?: boolean }) => (
  <Icon fill={filled ? "currentColor" : "none"}>
    <path d="M13 11V3h3v8h-3zm0 0-3 6a2 2 0 0 1-2-2v-3H4a1.5 1.5 0 0 1-1.5-1.8l1.2-6A1.5 1.5 0 0 1 5.2 3H13" />
  </Icon>
);
export const EditIcon = () => <Icon>{<path d={PENCIL} />}</Icon>;
export const NewChatIcon = ({ small = false }: { small?: boolean }) => (
  <Icon large={!small}>{<path d={PENCIL} />}</Icon>
);
export const InfoIcon = () => (
  <Icon>
    <circle cx="10" cy="10" r="7" />
    <path d="M10 9v5M10 6.5v.5" />
  </Icon>
);
export const SendIcon = () => <Icon strokeWidth={2}>{<path d="M10 16V4M5 9l5-5 5 5" />}</Icon>;
export const StopIcon = () => (
  <Icon fill="currentColor" stroke="none">
    {<rect x="5" y="5" width="10" height="10" rx="1.5" />}
  </Icon>
);
export const MenuIcon = () => <Icon large>{<path d="M3 5h14M3 10h14M3 15h14" />}</Icon>;
export const SidebarIcon = () => (
  <Icon large>
    <rect x="3" y="4" width="14" height="12" rx="2" />
    <path d="M8 4v12" />
  </Icon>
);
export const CloseIcon = () => <Icon>{<path d="m5 5 10 10M15 5 5 15" />}</Icon>;
export const MoreIcon = () => (
  <Icon fill="currentColor" stroke="none">
    <circle cx="4" cy="10" r="1.6" />
    <circle cx="10" cy="10" r="1.6" />
    <circle cx="16" cy="10" r="1.6" />
  </Icon>
);
