'use client';

import { Button, cn, Menu, MenuItem, MenuLabel, MenuSeparator, Sheet, Skeleton } from '@payos/ui';
import { useQuery } from '@tanstack/react-query';
import {
  ArrowLeftRight,
  Bot,
  Building2,
  CalendarClock,
  ChevronsLeft,
  ChevronsRight,
  FileSearch,
  Home,
  KeyRound,
  LogOut,
  Menu as MenuIcon,
  Moon,
  Scale,
  ScrollText,
  Settings,
  ShieldCheck,
  Sun,
  Undo2,
  Users,
  Waves,
  Webhook,
} from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Fragment, type ReactNode, useEffect, useState } from 'react';
import { ApiStarting } from '@/components/api-starting';
import { EnvironmentBanner, EnvironmentSwitch, HEADER_TONE } from '@/components/environment-switch';
import { LanguageMenuItems } from '@/components/language-picker';
import { badgeCount } from '@/features/approvals/decide';
import { inboxSummaryQuery } from '@/features/approvals/queries';
import { NotificationBell } from '@/features/notifications/notification-bell';
import { reviewStatsQuery } from '@/features/reviews/queries';
import { CommandPalette } from '@/features/search/command-palette';
import { useEnvironment } from '@/lib/environment';
import { logout, useCanManage, useSession } from '@/lib/session';

// Labels and sections are keys of the `shell.nav` messages.
const NAV = [
  { href: '/', label: 'home', icon: Home },
  { href: '/accounts', label: 'accounts', icon: Building2 },
  { href: '/transfers', label: 'transfers', icon: ArrowLeftRight },
  { href: '/approvals', label: 'approvals', icon: ShieldCheck },
  { href: '/reviews', label: 'reviews', icon: FileSearch },
  { href: '/refunds', label: 'refunds', icon: Undo2 },
  { href: '/disputes', label: 'disputes', icon: Scale },
  { href: '/schedules', label: 'schedules', icon: CalendarClock },
  { href: '/streams', label: 'streams', icon: Waves },
  { href: '/agents', label: 'agents', icon: Bot },
  { href: '/api-keys', label: 'apiKeys', icon: KeyRound, section: 'developers' },
  { href: '/webhooks', label: 'webhooks', icon: Webhook },
  { href: '/events', label: 'events', icon: ScrollText },
  { href: '/team', label: 'team', icon: Users, section: 'organization' },
  { href: '/settings', label: 'settings', icon: Settings },
] as const;

function usePersistedFlag(key: string) {
  const [value, setValue] = useState(false);
  useEffect(() => setValue(localStorage.getItem(key) === '1'), [key]);
  return [
    value,
    (next: boolean) => {
      localStorage.setItem(key, next ? '1' : '0');
      setValue(next);
    },
  ] as const;
}

function ThemeToggle() {
  const t = useTranslations('shell');
  const [dark, setDark] = useState(false);
  useEffect(() => setDark(document.documentElement.classList.contains('dark')), []);
  const toggle = () => {
    const next = !dark;
    document.documentElement.classList.toggle('dark', next);
    localStorage.setItem('payos-theme', next ? 'dark' : 'light');
    setDark(next);
  };
  return (
    <Button variant="ghost" size="icon" onClick={toggle} aria-label={dark ? t('lightMode') : t('darkMode')}>
      {dark ? <Sun className="h-4 w-4" /> : <Moon className="h-4 w-4" />}
    </Button>
  );
}

/**
 * How many approvals wait for the user's decision (the inbox's `canDecide`), next to Approvals: shown
 * to admins and owners, the roles that decide; capped at "99+". Approving or denying invalidates it.
 */
function ApprovalsBadge({ collapsed }: { collapsed: boolean }) {
  const env = useEnvironment();
  const canDecide = useCanManage();
  const { data } = useQuery({ ...inboxSummaryQuery(env), enabled: canDecide });
  const text = canDecide ? badgeCount(data?.decidable ?? 0) : null;
  const t = useTranslations('shell');
  return <CountBadge testId="approvals-badge" text={text} collapsed={collapsed} description={t('approvalsBadge')} />;
}

/**
 * How many review items are still to be worked on (open, in review, escalated: the stats' `active`),
 * next to Reviews: shown to admins and owners, who decide them; capped at "99+".
 */
function ReviewsBadge({ collapsed }: { collapsed: boolean }) {
  const env = useEnvironment();
  const canDecide = useCanManage();
  const { data } = useQuery({ ...reviewStatsQuery(env), enabled: canDecide });
  const text = canDecide ? badgeCount(data?.active ?? 0) : null;
  const t = useTranslations('shell');
  return <CountBadge testId="reviews-badge" text={text} collapsed={collapsed} description={t('reviewsBadge')} />;
}

function CountBadge({
  testId,
  text,
  collapsed,
  description,
}: {
  testId: string;
  text: string | null;
  collapsed: boolean;
  description: string;
}) {
  if (!text) return null;
  return (
    <span
      data-testid={testId}
      className={cn(
        'rounded-full bg-primary px-1.5 py-0.5 text-[10px] leading-none font-semibold text-primary-foreground tabular',
        collapsed ? 'absolute top-0.5 right-0.5' : 'ml-auto',
      )}
    >
      <span aria-hidden>{text}</span>
      <span className="sr-only">
        , {text} {description}
      </span>
    </span>
  );
}

function NavLinks({ collapsed, onNavigate }: { collapsed: boolean; onNavigate?: () => void }) {
  const pathname = usePathname();
  const t = useTranslations('shell.nav');
  return (
    <nav aria-label={t('main')} className="grid gap-1 p-2">
      {NAV.map(({ href, label: labelKey, icon: Icon, ...rest }) => {
        const label = t(labelKey);
        const section = 'section' in rest ? t(rest.section) : undefined;
        const active = href === '/' ? pathname === '/' : pathname.startsWith(href);
        return (
          <Fragment key={href}>
            {section ? (
              collapsed ? (
                <hr className="my-1 border-border" />
              ) : (
                <p className="mt-3 px-3 text-xs font-medium tracking-wide text-muted-foreground uppercase">{section}</p>
              )
            ) : null}
            <Link
              href={href}
              onClick={onNavigate}
              aria-current={active ? 'page' : undefined}
              title={collapsed ? label : undefined}
              className={cn(
                'relative flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                active ? 'bg-muted text-foreground' : 'text-muted-foreground hover:bg-muted hover:text-foreground',
                collapsed && 'justify-center px-2',
              )}
            >
              <Icon className="h-4 w-4 shrink-0" aria-hidden />
              <span className={cn(collapsed && 'sr-only')}>{label}</span>
              {href === '/approvals' ? <ApprovalsBadge collapsed={collapsed} /> : null}
              {href === '/reviews' ? <ReviewsBadge collapsed={collapsed} /> : null}
            </Link>
          </Fragment>
        );
      })}
    </nav>
  );
}

/** The signed-in frame: sidebar (collapsible; on small screens a drawer that holds the focus, Escape closes it), environment switch, theme, user menu. */
export function Shell({ children }: { children: ReactNode }) {
  const session = useSession();
  const router = useRouter();
  const environment = useEnvironment();
  const t = useTranslations('shell');
  const tc = useTranslations('common');
  const [collapsed, setCollapsed] = usePersistedFlag('payos-sidebar-collapsed');
  const [mobileOpen, setMobileOpen] = useState(false);

  useEffect(() => {
    if (session.status === 'anonymous') {
      const next = `${window.location.pathname}${window.location.search}`;
      router.replace(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
    }
  }, [session.status, router]);

  if (session.status !== 'authenticated') {
    return (
      <div className="grid gap-4 p-8" role="status" aria-label={tc('loading')}>
        {session.status === 'loading' && session.isApiStarting ? <ApiStarting /> : null}
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-32 w-full" />
      </div>
    );
  }
  const { me } = session;

  return (
    <div className="flex min-h-screen">
      <aside
        className={cn('sticky top-0 hidden h-screen shrink-0 flex-col border-r border-border bg-card md:flex', collapsed ? 'w-16' : 'w-56')}
      >
        <div className={cn('flex h-14 items-center border-b border-border px-4', collapsed && 'justify-center px-2')}>
          <span className="font-semibold tracking-tight">
            {collapsed ? (
              'P'
            ) : (
              <>
                Pay<span className="text-primary">OS</span>
              </>
            )}
          </span>
        </div>
        <NavLinks collapsed={collapsed} />
        <div className="mt-auto p-2">
          <Button
            variant="ghost"
            size="sm"
            className="w-full"
            onClick={() => setCollapsed(!collapsed)}
            aria-label={collapsed ? t('expandSidebar') : t('collapseSidebar')}
          >
            {collapsed ? (
              <ChevronsRight className="h-4 w-4" />
            ) : (
              <>
                <ChevronsLeft className="h-4 w-4" /> {t('collapse')}
              </>
            )}
          </Button>
        </div>
      </aside>

      <Sheet open={mobileOpen} onOpenChange={setMobileOpen} title={t('menu')} className="md:hidden">
        <div className="flex h-14 items-center border-b border-border px-4 font-semibold">
          Pay<span className="text-primary">OS</span>
        </div>
        <NavLinks collapsed={false} onNavigate={() => setMobileOpen(false)} />
      </Sheet>

      <div className="flex min-w-0 flex-1 flex-col">
        <header
          data-environment={environment}
          className={cn('sticky top-0 z-30 flex h-14 items-center gap-2 border-b px-4 backdrop-blur', HEADER_TONE[environment])}
        >
          <Button variant="ghost" size="icon" className="md:hidden" onClick={() => setMobileOpen(true)} aria-label={t('openMenu')}>
            <MenuIcon className="h-4 w-4" />
          </Button>
          <span className="truncate text-sm font-medium">{me.tenant.name}</span>
          <div className="ml-auto flex items-center gap-2">
            <CommandPalette />
            <NotificationBell />
            <EnvironmentSwitch />
            <ThemeToggle />
            <Menu
              label={t('userMenu')}
              trigger={
                <Button variant="ghost" size="icon" className="rounded-full bg-muted text-xs font-semibold">
                  {me.user.name.slice(0, 1).toUpperCase()}
                </Button>
              }
            >
              <MenuLabel>
                <span className="block text-sm font-medium text-foreground">{me.user.name}</span>
                {me.user.email} · {t(`role.${me.role}`)}
              </MenuLabel>
              <MenuSeparator />
              <LanguageMenuItems />
              <MenuSeparator />
              <MenuItem onSelect={() => router.push('/settings')}>
                <Settings className="h-4 w-4" /> {t('nav.settings')}
              </MenuItem>
              <MenuItem
                onSelect={async () => {
                  await logout();
                  router.replace('/login');
                }}
              >
                <LogOut className="h-4 w-4" /> {t('logOut')}
              </MenuItem>
            </Menu>
          </div>
        </header>
        <EnvironmentBanner />
        <main className="min-w-0 flex-1 p-4 md:p-6">{children}</main>
      </div>
    </div>
  );
}
